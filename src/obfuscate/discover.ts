// Which original values a host's texts hold: names read from where each source states them.
import { isKept } from './kinds.js';
import type { ObfuscationMap } from './mapping.js';

/** Texts by source id (raw/ID.txt or a SourceSet's), and what the run itself knows of the host. */
export interface HostTexts {
  hostname: string | null;
  /** What the user typed: `local`, an alias, `[user@]host[:port]`. */
  target: string | null;
  texts: Map<string, string>;
}

// syslog and `journalctl -o short` put the host after the stamp: `Dec  1 08:00:00 web1 kernel:`,
// rsyslog's high-precision stamp `2026-12-01T08:00:00.123+00:00 web1 kernel:`.
const SYSLOG_HOST = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)?) (\S+) /gm;
// sysstat's first line: `Linux 6.18.44 (web1) \t12/01/26 \t_x86_64_\t(2 CPU)`.
const SYSSTAT_HOST = /^\S+ \S+ \(([^)\s]+)\)/m;
// The kernel names a memory cgroup in its OOM report: 4.19+ `oom-kill:…,cpuset=/x,…,oom_memcg=/x,task_memcg=/x`,
// every version `Memory cgroup stats for /x:`, before 4.19 `Task in /x killed as a result of limit of /y`.
const CGROUP_PATHS = [/(?:oom_memcg|task_memcg|cpuset)=(\/[^\s,]*)/g, /Memory cgroup stats for (\/[^\s:]*)/g, /Task in (\/\S*) killed as a result of limit of (\/\S*)/g];
// systemd unit suffixes are kinds, not names: `/system.slice/pg.service` keeps `.service`.
const UNIT_SUFFIX = /\.(?:service|scope|slice|mount|socket|swap|device)$/;

function addCgroupPath(map: ObfuscationMap, path: string): void {
  for (const part of path.split('/')) {
    if (part === '') continue;
    map.add('cgroup', part);
    const bare = part.replace(UNIT_SUFFIX, '');
    if (bare !== part) map.add('cgroup', bare);
  }
}

/** `[user@]host[:port]` (or an alias): its user and host. IPs are found by shape later. */
export function addTarget(map: ObfuscationMap, target: string): void {
  const at = target.lastIndexOf('@');
  if (at > 0) map.add('user', target.slice(0, at));
  const host = target.slice(at + 1).replace(/^\[(.*)\](?::\d+)?$/, '$1').replace(/:\d+$/, '');
  if (host !== 'local' && !/^[\d.]+$/.test(host) && !host.includes(':')) map.add('host', host);
}

/** The USER column of ps, wherever the header puts it (hostsnap's -eo, ps aux, busybox). */
function psUsers(text: string): string[] {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => /\bPID\b/.test(l) && /\bUSER\b/.test(l));
  if (headerAt < 0) return [];
  const column = lines[headerAt].trim().split(/\s+/).indexOf('USER');
  return lines.slice(headerAt + 1).map((l) => l.trim().split(/\s+/)[column]).filter((u): u is string => u !== undefined && u !== '');
}

/**
 * A user cut by ps (`kestrel+`) is known whole only where the rest of the text names it: every
 * word starting with the same 7 characters (/home/kestrel-ops, `sshd: kestrel-ops@pts/0`) is it.
 */
function wholeNamesOfCut(cut: string, texts: Iterable<string>): string[] {
  const stem = cut.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![A-Za-z0-9_.-])${stem}[A-Za-z0-9_.-]*`, 'g');
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(pattern)) names.add(m[0].replace(/[.-]+$/, ''));
  return [...names];
}

/** Adds to `map` every host name, domain, user and cgroup name the host's texts state. */
export function discover(map: ObfuscationMap, host: HostTexts): void {
  if (host.hostname) map.add('host', host.hostname);
  if (host.target) addTarget(map, host.target);
  const text = (id: string): string => host.texts.get(id) ?? '';
  const uname = text('uname').trim().split(/\s+/);
  if (uname.length >= 2) map.add('host', uname[1]);
  const sysstat = SYSSTAT_HOST.exec(text('pidstat'));
  if (sysstat) map.add('host', sysstat[1]);
  for (const id of ['kern-log', 'dmesg']) for (const m of text(id).matchAll(SYSLOG_HOST)) map.add('host', m[1]);
  for (const id of ['dmesg', 'kern-log']) {
    for (const pattern of CGROUP_PATHS) for (const m of text(id).matchAll(pattern)) m.slice(1).forEach((p) => addCgroupPath(map, p));
  }
  // cgroup and cgroup2 mounts: the 4th field is the cgroup the mount shows (a container's own path).
  for (const line of text('proc-mountinfo').split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    if (dash > 0 && /^cgroup2?$/.test(fields[dash + 1] ?? '')) addCgroupPath(map, fields[3] ?? '');
  }
  for (const user of new Set(psUsers(text('ps')))) {
    // The whole name first: its cut form then follows its stand-in (u1xxxxx+ for u1xxxxxxxxx).
    if (user.endsWith('+') && !isKept('user', user)) for (const whole of wholeNamesOfCut(user, host.texts.values())) map.add('user', whole);
    map.add('user', user);
  }
}
