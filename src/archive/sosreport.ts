// A sosreport (sos 2.x-4.x), folder or tarball: its copies of /proc and command outputs by source id.
import { open, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { MAX_FILE_BYTES, SizeBudget } from './manifest.js';
import type { SourceSet, SourceText } from './types.js';

/**
 * Where sos keeps what hostsnap's probes collect (sos/report/plugins/memory.py, kernel.py,
 * process.py, logs.py, filesys.py, host.py; insights-core's specs/sos_archive.py for the older
 * names). Candidates in order: the first that exists wins. Command outputs are named after the
 * command line with spaces as underscores and '/' as '.'. sos 2.x/3.0 kept dmesg, uptime and
 * hostname under sos_commands/general/; 3.x moved them to kernel/ and host/. `free_-m` is left
 * out on purpose: its text carries no unit, and free's parser would read MiB figures as kB.
 */
export const SOS_PATHS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['free', ['sos_commands/memory/free', 'free', 'sos_commands/memory/free_-h']],
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
  ['dmesg', ['sos_commands/kernel/dmesg', 'sos_commands/general/dmesg', 'sos_commands/logs/dmesg', 'var/log/dmesg']],
  // kern.log (Debian/Ubuntu rsyslog), messages (RHEL), else the journal's text export of this boot.
  ['kern-log', [
    'var/log/kern.log', 'var/log/messages',
    'sos_commands/logs/journalctl_--no-pager_--catalog_--boot_-k', 'sos_commands/kernel/journalctl_--no-pager_--catalog_--boot_-k',
    'sos_commands/logs/journalctl_--no-pager_--catalog_--boot', 'sos_commands/logs/journalctl_--no-pager_--boot',
  ]],
  ['uname', ['sos_commands/kernel/uname_-a', 'uname']],
  ['sysctl', ['sos_commands/kernel/sysctl_-a']],
  ['os-release', ['etc/os-release', 'usr/lib/os-release']],
  ['ps', ['sos_commands/process/ps_auxwww', 'sos_commands/process/ps_auxww', 'sos_commands/process/ps_aux', 'sos_commands/process/ps_auxwwwm', 'sos_commands/process/ps_auxcww', 'ps']],
  ['slabtop', ['sos_commands/memory/slabtop_-o']],
  ['uptime', ['sos_commands/host/uptime', 'sos_commands/general/uptime', 'uptime']],
  ['vmstat', ['sos_commands/memory/vmstat', 'sos_commands/process/vmstat']],
];

/**
 * Logs are held by their last MAX_FILE_BYTES: sos copies up to 25 MB of each log by default
 * (--log-size), and the incident is nearly always at the end. Everything else must fit whole.
 */
const LOG_SOURCES = new Set(['dmesg', 'kern-log']);
export const SOS_TAIL_PATHS: ReadonlySet<string> = new Set(SOS_PATHS.filter(([id]) => LOG_SOURCES.has(id)).flatMap(([, paths]) => paths));

/** The bytes a reader holds of a file inside a report: all, or the tail of a log. */
export function sosHoldBytes(rel: string): number {
  return SOS_TAIL_PATHS.has(rel) ? MAX_FILE_BYTES : Infinity;
}

/** A tail starts at its first whole line. */
export function fromFirstLine(tail: Buffer): Buffer {
  const newline = tail.indexOf(0x0a);
  return newline === -1 ? tail : tail.subarray(newline + 1);
}

/** Files read besides the sources: which sos made the report. */
export const SOS_VERSION_FILES = ['version.txt', 'sos_reports/manifest.json'] as const;

/** Every path inside a report that the readers may need: what a tarball pass keeps. */
export const SOS_WANTED: ReadonlySet<string> = new Set([...SOS_PATHS.flatMap(([, paths]) => paths), ...SOS_VERSION_FILES]);

/** The markers of a sosreport folder: its command folder, or its copies of /proc and /var/log. */
export const SOS_MARKERS = ['sos_commands', 'proc', 'var/log'];

/** What the report says about the sosreport itself (beside the sources). */
export interface SosInfo {
  /** sos's own version ("4.0", "3.9.1"), from version.txt or sos_reports/manifest.json. */
  version: string | null;
  /** Source id -> the path inside the report it was read from. */
  files: Record<string, string>;
  /** Source id -> the file's whole size, for logs of which only the tail was read. */
  cut: Record<string, number>;
}

/** A SourceSet read from a sosreport, with what sos made it. */
export type SosreportSet = SourceSet & Required<Pick<SourceSet, 'sos'>>;

/** A file read from a report: its bytes (a log's tail: see sosHoldBytes) and its whole size. */
export interface SosFile {
  data: Buffer;
  size: number;
}

/** A sosreport's tree: read(rel) gives a regular file inside the report, links followed only inside. */
export interface SosTree {
  read(rel: string): Promise<SosFile | null>;
}

/**
 * sos 3.x and 4.x write `sosreport: 4.0` as version.txt's first line; sos 4.x also keeps
 * `"version": "4.0"` in sos_reports/manifest.json. Null when neither says.
 */
export function sosVersion(versionTxt: string | null, manifestJson: string | null): string | null {
  const line = versionTxt ? /^sosreport:\s*(\S+)/m.exec(versionTxt) : null;
  if (line) return line[1];
  const json = manifestJson ? /"version"\s*:\s*"([^"]{1,32})"/.exec(manifestJson) : null;
  return json ? json[1] : null;
}

/** The sources of a sosreport tree, first candidate that exists for each, within the caps. */
export async function readSosTree(location: string, tree: SosTree): Promise<SosreportSet> {
  const budget = new SizeBudget(location);
  const sources = new Map<string, SourceText>();
  const files: Record<string, string> = {};
  const cut: Record<string, number> = {};
  for (const [id, candidates] of SOS_PATHS) {
    for (const rel of candidates) {
      const file = await tree.read(rel);
      if (file === null) continue;
      const data = file.data.length < file.size ? fromFirstLine(file.data) : file.data;
      budget.take(rel, data.length);
      sources.set(id, { id, text: data.toString('utf8'), origin: rel });
      files[id] = rel;
      if (data.length < file.size) cut[id] = file.size;
      break;
    }
  }
  const [versionTxt, manifest] = await Promise.all(SOS_VERSION_FILES.map(async (rel) => (await tree.read(rel))?.data.toString('utf8') ?? null));
  return { kind: 'sosreport', location, manifest: null, sources, sos: { version: sosVersion(versionTxt, manifest), files, cut } };
}

/**
 * An unpacked sosreport. Its own links (the root `free` -> sos_commands/memory/free) are followed
 * when their real path stays under the report; a link out of it (sos keeps some as links to /proc
 * of its host, and a folder from elsewhere could point at /etc/shadow) reads as absent.
 */
export async function readSosreport(dir: string): Promise<SosreportSet> {
  const root = await realpath(dir);
  return readSosTree(dir, {
    async read(rel) {
      const real = await realpath(join(dir, rel)).catch(() => null);
      if (real === null || !real.startsWith(root + sep)) return null;
      // stat before open: opening a FIFO would wait for a writer forever.
      if (!(await stat(real).catch(() => null))?.isFile()) return null;
      const handle = await open(real, 'r').catch(() => null);
      if (handle === null) return null;
      try {
        const info = await handle.stat();
        if (!info.isFile()) return null;
        // A log's tail, anything else whole (the budget refuses what is past the cap).
        const length = Math.min(info.size, sosHoldBytes(rel), MAX_FILE_BYTES + 1);
        const data = Buffer.alloc(length);
        const { bytesRead } = await handle.read(data, 0, length, info.size - length);
        return { data: data.subarray(0, bytesRead), size: info.size };
      } finally {
        await handle.close();
      }
    },
  });
}
