// pidstat of sysstat 9 to 12: -u, -r, -d alone or combined, %wait, iodelay, 12/24h times, -h, -U, -l, Average rows.
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf, toInt } from './lines/text.js';
import { restAfter } from './table/columns.js';
import { toFigure } from './table/locale.js';
import { dayOf } from './table/pidstat-date.js';
import { noteUnread, noUnread, type Unread } from './table/unread.js';
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
 * In other locales (sysstat 12.6.1 ships 36 catalogues) the figures take the decimal comma, the
 * averages their own label ("Durchschn.:", "Moyenne :" in two words around U+202F, "平均値:"), the banner's
 * date and the rows' time follow LC_TIME ("01.12.2026", "2026年12月01日", "03時48分11秒"):
 *   Linux 6.18.44-fc-v782 (vm) 	01.12.2026 	_x86_64_	(2 CPU)
 *   03:48:12        0     23239   26,00    0,00    0,00   72,00   26,00     0  sh
 *   Durchschn.:     0     23239   34,50    0,00    0,00   65,00   34,50     -  sh
 * A report header is read by what stands before its first column: a time (it starts with a
 * digit; "# Time" with -h) heads samples, anything else is the averages' label in that language.
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
  header: {
    kernel: string; host: string;
    /** The date as printed (LC_TIME's %x: "12/01/26", "01.12.2026", "2026年12月01日"). */
    date: string;
    /** Derived: the date as YYYY-MM-DD when its order is known (see table/pidstat-date.ts), else null. */
    day: string | null;
    arch: string | null; cpus: number | null;
  } | null;
  /** Rows of every report merged by (time, pid): one row per process per sample. */
  rows: PidstatRow[];
  /** The Average: rows, merged by pid. */
  averages: PidstatRow[];
  /** Collected by hostsnap's /proc fallback instead of pidstat. */
  fromProcFallback: boolean;
  /** Figures and rows printed but not read: the source is then "partly read". */
  unread: Unread;
}

interface Report {
  /** Column names between the time and Command ("UID", "PID", "%usr", …). */
  columns: string[];
  average: boolean;
  /** The averages' label as printed, split in fields (["Moyenne", ":"]); [] for samples. */
  label: string[];
  /** Fields a sample's time takes (1; 2 for "01:07:16 PM" or a time with spaces). */
  timeFields: number;
}

// The date is LC_TIME's %x, which holds spaces in some languages ("2026년 12월 01일").
const BANNER = /^Linux\s+(\S+)\s+\(([^)]*)\)\s+(.+?)(?:\s+_(\S+)_)?(?:\s+\((\d+) CPU\))?$/;
const IO_COLUMNS = new Set(['kB_rd/s', 'kB_wr/s', 'kB_ccwr/s']);
const FIRST_COLUMN = new Set(['UID', 'USER', 'PID']);

function bannerOf(line: string): Omit<NonNullable<PidstatFacts['header']>, 'day'> | null {
  const m = BANNER.exec(line.trim());
  return m ? { kernel: m[1], host: m[2], date: m[3].trim(), arch: m[4] ?? null, cpus: m[5] ? Number(m[5]) : null } : null;
}

function reportOf(fields: string[]): Report | null {
  const first = fields.findIndex((f) => FIRST_COLUMN.has(f));
  const command = fields.lastIndexOf('Command');
  if (first < 1 || command < first || !fields.includes('PID')) return null;
  const prefix = fields.slice(0, first);
  const columns = fields.slice(first, command);
  // -h: "#      Time   UID …", one field of time per row.
  if (prefix[0] === '#') return { columns, average: false, label: [], timeFields: 1 };
  if (/^\d/.test(prefix[0])) return { columns, average: false, label: [], timeFields: prefix.length };
  return { columns, average: true, label: prefix, timeFields: prefix.length };
}

/** Does a row start the way its report's rows do (the averages' label, or a time)? */
function belongs(fields: string[], report: Report): boolean {
  if (report.average) return report.label.every((word, i) => fields[i] === word);
  return /^\d/.test(fields[0]);
}

/** "01:07:16 PM" -> "13:07:16"; "01:07:16", "10,22,04" and "03時48分11秒" -> "HH:MM:SS"; epoch seconds and the rest -> null. */
function clockOf(time: string): string | null {
  // Commas: a paste of sysstat 10 whose LC_TIME printed "10,22,04" (test/fixtures/sources/pidstat, blog 2017).
  const m = /^(\d{1,2})(?::|,|時|时|시 ?)(\d\d)(?::|,|分|분 ?)(\d\d)(?:秒|초)?(?: ([AP]M))?$/.exec(time);
  if (!m) return null;
  let hours = Number(m[1]);
  if (m[4] === 'PM' && hours < 12) hours += 12;
  if (m[4] === 'AM' && hours === 12) hours = 0;
  return `${String(hours).padStart(2, '0')}:${m[2]}:${m[3]}`;
}

function rowOf(line: string, report: Report, unread: Unread): PidstatRow | null {
  const fields = fieldsOf(line);
  const timeCount = report.timeFields;
  const cells = fields.slice(timeCount, timeCount + report.columns.length);
  if (cells.length < report.columns.length) {
    noteUnread(unread, line, `${cells.length} figures under ${report.columns.length} columns`);
    return null;
  }
  const values: Record<string, number> = Object.create(null);
  let uid: number | null = null;
  let user: string | null = null;
  for (const [i, name] of report.columns.entries()) {
    if (name === 'PID') continue;
    if (name === 'USER') { user = cells[i]; continue; }
    const value = toFigure(cells[i]);
    if (name === 'UID') { uid = value; continue; }
    // CPU is "-" in the averages (no one processor): nothing lost. Anything else unread is said.
    if (value === null && !(name === 'CPU' && cells[i] === '-')) noteUnread(unread, line, `'${cells[i]}' under ${name} is not a figure`);
    if (value === null || (IO_COLUMNS.has(name) && value === -1)) continue;
    values[name] = value;
  }
  const pid = toInt(cells[report.columns.indexOf('PID')]);
  const command = restAfter(line, timeCount + report.columns.length);
  if (pid === null || command === '') {
    noteUnread(unread, line, pid === null ? `'${cells[report.columns.indexOf('PID')]}' under PID is not a process id` : 'no command');
    return null;
  }
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
  let banner: ReturnType<typeof bannerOf> = null;
  let report: Report | null = null;
  const unread = noUnread();
  const rows: PidstatRow[] = [];
  const averages: PidstatRow[] = [];
  const averageLabels = new Set<string>();
  for (const line of linesOf(text)) {
    const fields = fieldsOf(line);
    if (fields.length === 0) continue;
    if (fields[0] === 'Linux') { banner ??= bannerOf(line); continue; }
    // A header names PID and Command (a row's command line may hold the word "Command" too).
    const next = fields.includes('Command') ? reportOf(fields) : null;
    if (next) { report = next; continue; }
    if (!report) continue;
    // An average row under a sample header (or the reverse) belongs to no report.
    if (!belongs(fields, report)) {
      noteUnread(unread, line, report.average ? `not under its own header (${report.label.join(' ')})` : 'a row that does not start with a time under a sample header');
      continue;
    }
    const row = rowOf(line, report, unread);
    if (row) (report.average ? averages : rows).push(row);
    if (row && report.average) averageLabels.add(report.label.join(' '));
  }
  if (!report) return unparsed("no pidstat header line with PID and Command columns", text);
  if (rows.length === 0 && averages.length === 0) return unparsed('pidstat headers but no process row under them', text);
  // 12-hour times (en_US) and the English label go with a month-first date; a translated label with day-first.
  const englishOrder = rows.some((r) => / [AP]M$/.test(r.time)) || averageLabels.has('Average:');
  const translated = averageLabels.size > 0 && !averageLabels.has('Average:');
  const order = englishOrder ? 'month-first' : translated ? 'day-first' : null;
  return {
    header: banner ? { ...banner, day: dayOf(banner.date, order) } : null,
    rows: merge(rows, (r) => `${r.time}\u0000${r.pid}`),
    averages: merge(averages, (r) => String(r.pid)),
    fromProcFallback: false,
    unread,
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
