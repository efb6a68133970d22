// pidstat of sysstat 9 to 12: -u, -r, -d alone or combined, %wait, iodelay, 12/24h times, -h, -U, -l, Average rows.
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf, toDecimal, toInt } from './lines/text.js';
import { restAfter } from './table/columns.js';
import { FALLBACK_MAGIC, parseFallback } from './table/pidstat-fallback.js';

/**
 * Every report is a header line (its time is the previous sample's) and rows; -dru prints the
 * three reports in turn for each sample. sysstat 9 (the 2011 incident, no UID column, "%user"):
 *   Linux 2.6.39-linode33 (web1) 09/10/11 _i686_
 *   01:07:15 PID %user %system %CPU CPU Command
 *   01:07:16 9871 0.00 100.00 100.00 1 flush-0:17
 *   01:07:15 PID minflt/s majflt/s VSZ RSS %MEM Command
 *   Average: PID %user %system %CPU CPU Command
 *   Average: 9871 0.00 100.00 100.00 - flush-0:17
 * sysstat 12.6.1 (Debian 12), 12-hour clock under an en_US LC_TIME, %wait (11.5+), iodelay (10.1+):
 *   01:51:07 AM   UID       PID    %usr %system  %guest   %wait    %CPU   CPU  Command
 *   01:51:08 AM     0        33    0.00    0.99    0.00    0.00    0.99     0  kworker/u8:1-writeback
 * -h puts every column on one line under "#      Time   UID       PID …" (time as HH:MM:SS or
 * seconds since the epoch), -U prints USER instead of UID, -l the whole command line (spaces).
 * kB_rd/s, kB_wr/s and kB_ccwr/s of -1.00 mean "no /proc/PID/io" (sysstat issue #266): left out.
 * A text starting with "#hostsnap-pidstat-fallback" is hostsnap's /proc sampler instead.
 */

/** A pidstat row: time, pid, command and the report's own columns by their printed names. */
export interface PidstatRow {
  time: string;
  pid: number;
  /** UID column when -U/-h printed one, else null. */
  uid: number | null;
  command: string;
  /** '%user', '%system', '%CPU', 'CPU', 'minflt/s', 'RSS', 'kB_rd/s', 'iodelay'… */
  values: Record<string, number>;
  /** USER column of -U, else null. */
  user: string | null;
  /** The time on a 24-hour clock ("13:07:16" for "01:07:16 PM"); null for epoch seconds,
   *  Average rows and the /proc fallback (whose time is the uptime in seconds). */
  clock: string | null;
}
export interface PidstatFacts {
  /** The banner line: 'Linux 2.6.39-linode33 (web1) 09/10/11 _i686_ (4 CPU)'. */
  header: { kernel: string; host: string; date: string; arch: string | null; cpus: number | null } | null;
  /** Rows of every report merged by (time, pid): one row per process per sample. */
  rows: PidstatRow[];
  /** The Average: rows, merged by pid. */
  averages: PidstatRow[];
  /** Collected by hostsnap's /proc fallback instead of pidstat. */
  fromProcFallback: boolean;
}

interface Report {
  /** Column names between the time and Command ("UID", "PID", "%usr", …). */
  columns: string[];
  average: boolean;
}

const BANNER = /^Linux\s+(\S+)\s+\(([^)]*)\)\s+(\S+)(?:\s+_(\S+)_)?(?:\s+\((\d+) CPU\))?/;
const IO_COLUMNS = new Set(['kB_rd/s', 'kB_wr/s', 'kB_ccwr/s']);
const FIRST_COLUMN = new Set(['UID', 'USER', 'PID']);

function bannerOf(line: string): PidstatFacts['header'] {
  const m = BANNER.exec(line.trim());
  return m ? { kernel: m[1], host: m[2], date: m[3], arch: m[4] ?? null, cpus: m[5] ? Number(m[5]) : null } : null;
}

function reportOf(fields: string[]): Report | null {
  const first = fields.findIndex((f) => FIRST_COLUMN.has(f));
  const command = fields.lastIndexOf('Command');
  if (first < 0 || command < first || !fields.includes('PID')) return null;
  return { columns: fields.slice(first, command), average: fields[0] === 'Average:' };
}

/** "01:07:16 PM" -> "13:07:16"; "01:07:16" stays; epoch seconds and the rest -> null. */
function clockOf(time: string): string | null {
  const m = /^(\d{1,2}):(\d\d):(\d\d)(?: ([AP]M))?$/.exec(time);
  if (!m) return null;
  let hours = Number(m[1]);
  if (m[4] === 'PM' && hours < 12) hours += 12;
  if (m[4] === 'AM' && hours === 12) hours = 0;
  return `${String(hours).padStart(2, '0')}:${m[2]}:${m[3]}`;
}

function rowOf(line: string, report: Report): PidstatRow | null {
  const fields = fieldsOf(line);
  // The time is one field, two with AM/PM; "Average:" is one.
  const timeCount = /^[AP]M$/.test(fields[1] ?? '') ? 2 : 1;
  const cells = fields.slice(timeCount, timeCount + report.columns.length);
  if (cells.length < report.columns.length) return null;
  const values: Record<string, number> = Object.create(null);
  let uid: number | null = null;
  let user: string | null = null;
  for (const [i, name] of report.columns.entries()) {
    if (name === 'PID') continue;
    if (name === 'USER') { user = cells[i]; continue; }
    const value = toDecimal(cells[i]);
    if (name === 'UID') { uid = value; continue; }
    if (value === null || (IO_COLUMNS.has(name) && value === -1)) continue;
    values[name] = value;
  }
  const pid = toInt(cells[report.columns.indexOf('PID')]);
  const command = restAfter(line, timeCount + report.columns.length);
  if (pid === null || command === '') return null;
  const time = report.average ? 'Average' : fields.slice(0, timeCount).join(' ');
  return { time, pid, uid, command, values, user, clock: report.average ? null : clockOf(time) };
}

/** Merge rows of the same key (time and pid, or pid for averages) into one with all columns. */
function merge(rows: PidstatRow[], key: (row: PidstatRow) => string): PidstatRow[] {
  const merged = new Map<string, PidstatRow>();
  for (const row of rows) {
    const found = merged.get(key(row));
    if (!found) { merged.set(key(row), { ...row, values: Object.assign(Object.create(null), row.values) }); continue; }
    Object.assign(found.values, row.values);
    found.uid ??= row.uid;
    found.user ??= row.user;
  }
  return [...merged.values()];
}

function parsePidstat(text: string): PidstatFacts | ReturnType<typeof unparsed> {
  let header: PidstatFacts['header'] = null;
  let report: Report | null = null;
  const rows: PidstatRow[] = [];
  const averages: PidstatRow[] = [];
  for (const line of linesOf(text)) {
    const fields = fieldsOf(line);
    if (fields.length === 0) continue;
    if (fields[0] === 'Linux') { header ??= bannerOf(line); continue; }
    // A header names PID and Command (a row's command line may hold the word "Command" too).
    const next = fields.includes('Command') ? reportOf(fields) : null;
    if (next) { report = next; continue; }
    if (!report) continue;
    // An "Average:" row under a sample header (or the reverse) belongs to no report: skip it.
    if ((fields[0] === 'Average:') !== report.average) continue;
    const row = rowOf(line, report);
    if (row) (report.average ? averages : rows).push(row);
  }
  if (!report) return unparsed("no pidstat header line with PID and Command columns", text);
  if (rows.length === 0 && averages.length === 0) return unparsed('pidstat headers but no process row under them', text);
  return {
    header,
    rows: merge(rows, (r) => `${r.time}\u0000${r.pid}`),
    averages: merge(averages, (r) => String(r.pid)),
    fromProcFallback: false,
  };
}

export const pidstat = defineParser<PidstatFacts>({
  name: 'pidstat',
  sources: ['pidstat'],
  description: `pidstat of sysstat 9 to 12: -u, -r, -d alone or combined, %wait, iodelay, 12/24h times, -h, -U, -l, Average rows; hostsnap's /proc fallback.`,
  parse(text) {
    if (text.trimStart().startsWith(FALLBACK_MAGIC)) return parseFallback(text);
    return parsePidstat(text);
  },
});
