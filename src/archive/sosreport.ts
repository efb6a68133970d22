// A sosreport (sos 2.x-4.x), folder or tarball: its copies of /proc and command outputs by source id.
import { open, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { MAX_FILE_BYTES, SizeBudget } from './manifest.js';
import type { SourceSet, SourceText } from './types.js';

/**
 * Where sos keeps what hostsnap's probes collect, for every layout sos wrote, candidates in order:
 * the first that exists wins. Read from sos's own plugins (sos/plugins/*.py of sos 3.x,
 * sos/report/plugins/*.py of sos 4.x, Debian's sos 4.0 on this machine) and insights-core's
 * specs/sos_archive.py for older names. A command's output is named after its command line:
 * sos's _mangle_command turns every run of characters other than [A-Za-z0-9_./-] into one '_'
 * and '/' into '.', so `journalctl --no-pager --since '-3days'` is journalctl_--no-pager_--since_-3days.
 * The root names (free, uname, ps, uptime) are sos's root_symlink links to the command outputs.
 * `free_-m` (memory plugin, every 3.x/4.x) is left out on purpose: sos always writes `free`
 * beside it, and its figures carry no unit (free's parser would read MiB as kB).
 */
export const SOS_PATHS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['free', [
    'sos_commands/memory/free', // memory plugin, sos 3.x/4.x: `free`
    'free', // its root_symlink (3.x/4.x)
    'sos_commands/memory/free_-h', // not in the memory plugins read (3.0-4.x); a -h table carries its units
  ]],
  // memory plugin (3.x/4.x): /proc/meminfo, /proc/vmstat, /proc/swaps (late 3.x and 4.x, not 3.6); kernel plugin
  // (3.x/4.x): /proc/zoneinfo, /proc/buddyinfo, /proc/slabinfo, and /proc/pressure/ (4.x).
  ['proc-meminfo', ['proc/meminfo']],
  ['proc-zoneinfo', ['proc/zoneinfo']],
  ['proc-buddyinfo', ['proc/buddyinfo']],
  ['proc-slabinfo', ['proc/slabinfo']],
  ['proc-vmstat', ['proc/vmstat']],
  ['proc-loadavg', ['proc/loadavg']], // copied by no plugin read here (3.x, 4.0); kept for other builds
  ['proc-swaps', ['proc/swaps']],
  ['proc-pressure-memory', ['proc/pressure/memory']],
  ['proc-pressure-cpu', ['proc/pressure/cpu']],
  ['proc-pressure-io', ['proc/pressure/io']],
  // filesys plugin (3.x/4.x): /proc/self/mountinfo, a link to the sos process's /proc/PID; and
  // /proc/[0-9]*/mountinfo, of which init's is the host's view.
  ['proc-mountinfo', ['proc/self/mountinfo', 'proc/1/mountinfo']],
  ['dmesg', [
    'sos_commands/kernel/dmesg', // kernel plugin, sos 3.x/4.x: `dmesg`
    'sos_commands/general/dmesg', // an older name insights-core's sos_archive.py lists (before 3.x's kernel plugin)
    'sos_commands/logs/dmesg', // not in the plugins read; kept as an older name
    'var/log/dmesg', // kernel plugin (3.x/4.x) copies the boot-time /var/log/dmesg when it exists
  ]],
  // The kernel log as syslog or the journal kept it: the file first (rsyslog hosts), then the
  // journal's text export of this boot, of the whole journal, of the last days.
  ['kern-log', [
    'var/log/kern.log', // DebianLogs (3.x) / Logs (4.x) without a journal: /var/log/kern.log
    'var/log/messages', // RedHatLogs (3.x) / Logs (4.x): /var/log/messages*
    'var/log/syslog', // DebianLogs (3.x) / Logs (4.x) without a journal: all of syslog, kernel lines too
    'sos_commands/logs/journalctl_--no-pager_--catalog_--boot', // logs plugin 3.x/4.x: add_journal(boot="this", catalog=True)
    'sos_commands/logs/journalctl_--no-pager_--boot', // insights-core's journal_since_boot, without --catalog
    'sos_commands/logs/journalctl_--no-pager', // logs plugin 4.x: add_journal(tags='journal_full'), the whole journal
    'sos_commands/logs/journalctl_--no-pager_--since_-3days', // RedHatLogs 3.x without /var/log/messages: log_days 3
    'sos_commands/logs/journalctl_--no-pager_--since_-7days', // DebianLogs 3.x with a journal: log_days 7
    // Kernel-only exports: in no sos plugin read here (3.0-4.x); kept as found, an absent name costs nothing.
    'sos_commands/logs/journalctl_--no-pager_--catalog_--boot_-k', 'sos_commands/kernel/journalctl_--no-pager_--catalog_--boot_-k',
  ]],
  ['uname', [
    'sos_commands/kernel/uname_-a', // kernel plugin, sos 3.x/4.x: `uname -a`
    'uname', // its root_symlink
  ]],
  ['sysctl', ['sos_commands/kernel/sysctl_-a']], // kernel plugin, sos 3.x/4.x: `sysctl -a`
  // release plugin (3.x/4.x): /etc/*release (general plugin 3.0-3.5: /etc/os-release too). Where
  // /etc/os-release links to ../usr/lib/os-release (Debian, RHCOS) sos keeps the link and its target.
  ['os-release', ['etc/os-release', 'usr/lib/os-release']],
  ['ps', [
    'sos_commands/process/ps_auxwww', // process plugin, sos 3.x/4.x: `ps auxwww`
    'sos_commands/process/ps_auxww', 'sos_commands/process/ps_aux', // insights-core's alternates (older sos)
    'sos_commands/process/ps_auxwwwm', // process plugin 3.x/4.x: `ps auxwwwm` (threads after each process)
    'sos_commands/process/ps_auxcww', // insights-core's alternate (older sos): command names only
    'ps', // root_symlink of `ps auxwww`
  ]],
  ['slabtop', ['sos_commands/memory/slabtop_-o']], // memory plugin, sos 4.x: `slabtop -o` (with a tty)
  ['uptime', [
    'sos_commands/host/uptime', // host plugin, sos 3.6+/4.x: `uptime`
    'sos_commands/general/uptime', // general plugin, sos 3.0-3.5: `uptime`
    'uptime', // its root_symlink
  ]],
  // No sos plugin read here runs vmstat; kept for reports of sos builds that add it.
  ['vmstat', ['sos_commands/memory/vmstat', 'sos_commands/process/vmstat']],
];

/** sos 3.x's console log (sos_logs/ui.log): it begins with sos's header, `sosreport (version 3.6)`. */
const SOS_UI_LOG = 'sos_logs/ui.log';

/**
 * Logs are held by their last MAX_FILE_BYTES: sos copies up to 25 MB of each log by default
 * (--log-size), and the incident is nearly always at the end. Everything else must fit whole,
 * but sos's own ui.log is a log too: held by its tail, so that a huge one cannot fill memory
 * (the version line is then lost with its head, and the version reads as unknown).
 */
const LOG_SOURCES = new Set(['dmesg', 'kern-log']);
export const SOS_TAIL_PATHS: ReadonlySet<string> = new Set([...SOS_PATHS.filter(([id]) => LOG_SOURCES.has(id)).flatMap(([, paths]) => paths), SOS_UI_LOG]);

/** The bytes a reader holds of a file inside a report: all, or the tail of a log. */
export function sosHoldBytes(rel: string): number {
  return SOS_TAIL_PATHS.has(rel) ? MAX_FILE_BYTES : Infinity;
}

/** A tail starts at its first whole line. */
export function fromFirstLine(tail: Buffer): Buffer {
  const newline = tail.indexOf(0x0a);
  return newline === -1 ? tail : tail.subarray(newline + 1);
}

/** Files read besides the sources: which sos made the report (see sosVersion). */
export const SOS_VERSION_FILES = ['version.txt', 'sos_reports/manifest.json', SOS_UI_LOG] as const;

/** Every path inside a report that the readers may need: what a tarball pass keeps. */
export const SOS_WANTED: ReadonlySet<string> = new Set([...SOS_PATHS.flatMap(([, paths]) => paths), ...SOS_VERSION_FILES]);

/** The markers of a sosreport folder: its command folder, or its copies of /proc and /var/log. */
export const SOS_MARKERS = ['sos_commands', 'proc', 'var/log'];

/** What the report says about the sosreport itself (beside the sources). */
export interface SosInfo {
  /** sos's own version ("4.0", "3.6"), from version.txt, sos_reports/manifest.json or sos_logs/ui.log (see sosVersion). */
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
 * Which sos made a report, from the first of its files that says it:
 * - version.txt, written by every sos 3.x and 4.x (SoSReport.version(): `sosreport: 3.6`, then one
 *   `plugin: version` line per plugin, joined without a final newline);
 * - sos_reports/manifest.json (sos 4.x): `"version": "4.0"`;
 * - sos_logs/ui.log (sos 3.x, print_header() through the ui log): `sosreport (version 3.6)`, for a
 *   report whose version.txt was lost. sos 2.x logged its header to sos_logs/sos.log, which is
 *   not read (megabytes, held by its tail): such a report reads as made by an unknown version.
 * Null when none says.
 */
export function sosVersion(versionTxt: string | null, manifestJson: string | null, uiLog: string | null = null): string | null {
  const line = versionTxt ? /^sosreport:\s*(\S+)/m.exec(versionTxt) : null;
  if (line) return line[1];
  const json = manifestJson ? /"version"\s*:\s*"([^"]{1,32})"/.exec(manifestJson) : null;
  if (json) return json[1];
  const header = uiLog ? /^sosreport \(version ([^\s)]{1,32})\)/m.exec(uiLog) : null;
  return header ? header[1] : null;
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
  const [versionTxt, manifest, uiLog] = await Promise.all(SOS_VERSION_FILES.map(async (rel) => (await tree.read(rel))?.data.toString('utf8') ?? null));
  return { kind: 'sosreport', location, manifest: null, sources, sos: { version: sosVersion(versionTxt, manifest, uiLog), files, cut } };
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
