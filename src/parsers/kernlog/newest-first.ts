// A log printed newest line first (journalctl -r, a log viewer sorted by time descending), put back in
// the order the kernel printed it: the reader reads a dump from its header down.
import { stripPrefix } from './prefix.js';

/** Stamped lines compared at most (the order shows within the first ones). */
const MAX_SAMPLED = 2000;
/** Steps back in time needed before a text is taken as reversed, and the share of steps forward allowed. */
const MIN_BACK = 3;
const MAX_FORWARD_SHARE = 0.1;

/** The line's stamp as a number (uptime seconds, else a parsable clock in ms), or null. */
function stampOf(line: string): number | null {
  const k = stripPrefix(line);
  if (k === null || k.format === 'bare') return null;
  if (k.uptime !== null) return k.uptime;
  const t = k.time === null ? NaN : Date.parse(k.time);
  return Number.isNaN(t) ? null : t / 1000;
}

// What a dump prints, in the kernel's order (mm/oom_kill.c dump_header, then oom_kill_process): the
// header, the stack, Mem-Info, the task list, the kill. A text holding at least three of them, each
// first met after the next one, is one dump (or more) read from its end.
const DUMP_ORDER = [/ invoked oom-killer|: page allocation failure/, /^Call Trace:$/, /^Mem-[Ii]nfo:$/,
  /^Tasks state \(memory values in pages\)|^\[\s*pid\s*\]\s+uid/, /^(?:Out of memory: |Memory cgroup out of memory: )?Killed process \d+|^oom-kill:constraint=/];
const MIN_MARKERS = 3;

function markersReversed(lines: string[]): boolean {
  const firstAt = DUMP_ORDER.map(() => -1);
  for (let i = 0; i < lines.length && i < MAX_SAMPLED * 4; i++) {
    const body = stripPrefix(lines[i])?.body;
    if (body === undefined) continue;
    DUMP_ORDER.forEach((re, m) => {
      if (firstAt[m] === -1 && re.test(body)) firstAt[m] = i;
    });
  }
  const seen = firstAt.filter((i) => i !== -1);
  return seen.length >= MIN_MARKERS && seen.every((at, k) => k === 0 || at < seen[k - 1]);
}

/**
 * The lines in the kernel's order. The text counts as newest-first when its stamps step back in time
 * at least MIN_BACK times and forward at most a tenth as often (a boot's restart of the uptime is one
 * forward jump in a reversed log). A record (a stamped line and the unstamped lines after it, which
 * journalctl prints below their first line) keeps its own order; records are reversed.
 */
export function oldestFirst(lines: string[]): string[] {
  let back = 0;
  let forward = 0;
  let prev: number | null = null;
  const stamped: boolean[] = lines.map(() => false);
  let sampled = 0;
  for (let i = 0; i < lines.length && sampled < MAX_SAMPLED; i++) {
    const s = stampOf(lines[i]);
    if (s === null) continue;
    stamped[i] = true;
    sampled++;
    if (prev !== null && s < prev) back++;
    else if (prev !== null && s > prev) forward++;
    prev = s;
  }
  const byStamps = back >= MIN_BACK && forward <= MAX_FORWARD_SHARE * back;
  // Stamps to the second (syslog, dmesg -T) or none that order (dmesg -H's deltas) cannot show the
  // order of one dump's lines: its own sections can (markersReversed).
  if (!(byStamps || (back + forward === 0 && markersReversed(lines)))) return lines;
  // Without ordering stamps every line is a record of its own (a stamp per line, or none at all);
  // with them, the lines past the sample are looked at now (a reversed log is rare: the cost is paid once).
  if (!byStamps) stamped.fill(true);
  else for (let i = stamped.lastIndexOf(true) + 1; i < lines.length; i++) stamped[i] = stampOf(lines[i]) !== null;
  const first = stamped.indexOf(true);
  const records: string[][] = [];
  for (let i = first; i < lines.length; i++) {
    if (stamped[i] || records.length === 0) records.push([lines[i]]);
    else records[records.length - 1].push(lines[i]);
  }
  return [...lines.slice(0, first), ...records.reverse().flat()];
}
