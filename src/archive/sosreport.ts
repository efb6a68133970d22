// A sosreport folder (sos 3.x/4.x, unpacked): its copies of /proc and command outputs by source id.
import { lstat, readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { SizeBudget } from './manifest.js';
import type { SourceSet, SourceText } from './types.js';

/**
 * Where sos keeps what hostsnap's probes collect (sos/report/plugins/memory.py, kernel.py,
 * process.py, logs.py, filesys.py, host.py). Candidates in order: the first that exists wins.
 * Command outputs are named after the command line with spaces as underscores.
 */
const SOS_PATHS: Array<[string, string[]]> = [
  ['free', ['sos_commands/memory/free', 'sos_commands/memory/free_-m']],
  ['proc-meminfo', ['proc/meminfo']],
  ['proc-zoneinfo', ['proc/zoneinfo']],
  ['proc-buddyinfo', ['proc/buddyinfo']],
  ['proc-slabinfo', ['proc/slabinfo']],
  ['proc-vmstat', ['proc/vmstat']],
  ['proc-loadavg', ['proc/loadavg']],
  ['proc-swaps', ['proc/swaps']],
  ['proc-pressure-memory', ['proc/pressure/memory']],
  ['proc-pressure-cpu', ['proc/pressure/cpu']],
  ['proc-pressure-io', ['proc/pressure/io']],
  ['proc-mountinfo', ['proc/self/mountinfo', 'proc/1/mountinfo']],
  ['dmesg', ['sos_commands/kernel/dmesg', 'sos_commands/logs/dmesg', 'var/log/dmesg']],
  ['kern-log', ['var/log/kern.log', 'var/log/messages', 'sos_commands/logs/journalctl_--no-pager_--catalog_--boot_-k', 'sos_commands/kernel/journalctl_--no-pager_--catalog_--boot_-k']],
  ['uname', ['sos_commands/kernel/uname_-a', 'uname']],
  ['sysctl', ['sos_commands/kernel/sysctl_-a']],
  ['os-release', ['etc/os-release', 'usr/lib/os-release']],
  ['ps', ['sos_commands/process/ps_auxwww', 'sos_commands/process/ps_auxwwwm', 'sos_commands/process/ps_aux', 'ps']],
  ['slabtop', ['sos_commands/memory/slabtop_-o']],
  ['uptime', ['sos_commands/host/uptime', 'uptime']],
  ['vmstat', ['sos_commands/memory/vmstat', 'sos_commands/process/vmstat']],
];

/** The markers of a sosreport: its command folder, or its copies of /proc and /var/log. */
export const SOS_MARKERS = ['sos_commands', 'proc', 'var/log'];

export async function readSosreport(dir: string): Promise<SourceSet> {
  const budget = new SizeBudget(dir);
  const sources = new Map<string, SourceText>();
  const root = await realpath(dir);
  for (const [id, candidates] of SOS_PATHS) {
    for (const rel of candidates) {
      const path = join(dir, rel);
      // Never follow a link out of the report (sos keeps some as links to /proc of its host): not
      // the file itself (lstat), and no folder on the way (its real path stays under the report).
      const stat = await lstat(path).catch(() => null);
      if (!stat?.isFile()) continue;
      const real = await realpath(path).catch(() => null);
      if (real === null || !real.startsWith(root + sep)) continue;
      budget.take(rel, stat.size);
      sources.set(id, { id, text: await readFile(path, 'utf8'), origin: rel });
      break;
    }
  }
  return { kind: 'sosreport', location: dir, manifest: null, sources };
}
