// ps: hostsnap's -eo columns, ps aux / axu / u (procps 2.0's SIZE to procps-ng 4), busybox ps.
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf, toInt } from './lines/text.js';
import { restAfter } from './table/columns.js';
import { toFigure } from './table/locale.js';
import { noteUnread, noUnread, type Unread } from './table/unread.js';
import { sizeToKb } from './table/units.js';

/**
 * Read by the header's column names, so any order works. Formats seen:
 * hostsnap's probe, `ps -eo pid,ppid,user,stat,rss,vsz,pcpu,pmem,etime,comm,args` (procps-ng 4.0.2):
 *     PID  PPID USER     STAT   RSS    VSZ %CPU %MEM     ELAPSED COMMAND         COMMAND
 *       2     0 root     S        0      0  0.0  0.0       08:32 kthreadd        [kthreadd]
 *   comm is cut to the width of its column (15), args follows: both are read by that width.
 * `ps aux` (procps 3.2 of 2005 to procps-ng 4):
 *   USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
 *   root         2  0.0  0.0      0     0 ?        SN   13:48   0:00 [ksoftirqd/0]
 * busybox 1.35 `ps -o pid,user,vsz,stat,rss,args` (VSZ over 99999 kB prints as "1060m"; old
 * busybox's default "PID USER VSZ STAT COMMAND" leaves VSZ blank for kernel threads):
 *   PID   USER     VSZ  STAT RSS  COMMAND
 *       1 root     2592 S    1632 sh -c sleep 30
 * A format without memory columns is still a process list (who runs, their parents, their state
 * when STAT is there): procps `ps -ef` (UID PID PPID C STIME TTY TIME CMD), busybox's bare
 *   PID   USER     COMMAND            (1.35; "PID USER TIME COMMAND" in other builds)
 * and `ps -eo pid,ppid,stat,comm` are read with rssKb/vszKb null (stat '' when not printed).
 * Kernel threads keep their brackets: "[kworker/0:1]".
 */

export interface PsProcess {
  pid: number;
  ppid: number | null;
  user: string;
  /** The process state; '' where the format has no STAT column (ps -ef, busybox's bare ps). */
  stat: string;
  /** RSS in kB; null where the format has no RSS column (busybox's default ps, ps -ef). */
  rssKb: number | null;
  /** VSZ in kB; null where the format has no VSZ column (ps -ef, busybox's bare ps). */
  vszKb: number | null;
  cpuPct: number | null;
  memPct: number | null;
  /** etime as printed ([[dd-]hh:]mm:ss), null when absent. */
  elapsed: string | null;
  /** The short name (comm), null when only args were printed. */
  comm: string | null;
  /** The full command line (args). */
  command: string;
}
export interface PsFacts {
  processes: PsProcess[];
  /** Rows under the header that were not read, and figures that did not parse (%CPU "n/a"):
   *  the source is then "partly read". procps-ng 4.0.2's ps prints the same text in every
   *  locale captured (test/fixtures/sources/ps/locales): no label to translate. */
  unread: Unread;
}

// Column names as procps and busybox print them, folded to one name each.
const ALIASES: Record<string, string> = {
  PID: 'pid', PPID: 'ppid', USER: 'user', UID: 'user', STAT: 'stat', S: 'stat', COMM: 'command', RSS: 'rss', RSZ: 'rss',
  VSZ: 'vsz', VSIZE: 'vsz', VMSIZE: 'vsz', '%CPU': 'pcpu', '%MEM': 'pmem', ELAPSED: 'etime',
  COMMAND: 'command', CMD: 'command', ARGS: 'command',
};

const AUX_HEADER = 'USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND';
// user, pid, %cpu, %mem, vsz, rss, tty, stat, start, time, command.
const AUX_ROW = /^\s*\S+\s+\d+\s+\d+\.\d\s+\d+\.\d\s+\d+\s+\d+\s+\S+\s+\S+\s+\S+\s+\d+:\d\d\s+\S/;

/** Old busybox's default columns (before its COMMAND). */
const BUSYBOX_DEFAULT = 'pid,user,vsz,stat';

interface Layout {
  /** Field names before the command column(s), in order. */
  fields: string[];
  /** Width of the comm column when comm and args are both printed (two COMMAND headers). */
  commWidth: number | null;
}

/**
 * procps 1.x/2.0's `ps u` and `ps l` (Linux 2.0-2.4, "oldps") print the virtual size in kB as SIZE
 * right before RSS (show_user: `p->vsize >> 10`), where procps 3.x prints VSZ:
 *   USER       PID %CPU %MEM  SIZE   RSS TTY STAT START   TIME COMMAND
 *   root       570  0.3  7.4 38696 38184  ?  S    18:08   0:28 /sbin/gated
 * procps 3.x's `-o size` is another figure (swap a process would need): only SIZE beside RSS,
 * in a header without VSZ, is read as VSZ.
 */
function oldSizeIsVsz(names: string[]): string[] {
  const at = names.indexOf('size');
  return at >= 0 && names[at + 1] === 'rss' && !names.includes('vsz') ? names.map((n, i) => (i === at ? 'vsz' : n)) : names;
}

function layoutOf(header: string): Layout | null {
  const names = oldSizeIsVsz(fieldsOf(header).map((n) => ALIASES[n.toUpperCase()] ?? n.toLowerCase()));
  const first = names.indexOf('command');
  if (first < 0 || names.indexOf('pid') < 0 || names.indexOf('pid') > first) return null;
  let commWidth: number | null = null;
  if (names[first + 1] === 'command') {
    const at = [...header.matchAll(/\S+/g)].filter((m) => ALIASES[m[0].toUpperCase()] === 'command').map((m) => m.index ?? 0);
    commWidth = at[1] - at[0] - 1;
  }
  return { fields: names.slice(0, first), commWidth };
}

function processOf(line: string, layout: Layout, unread: Unread): PsProcess | null {
  const { fields: names, commWidth } = layout;
  const fields = fieldsOf(line);
  // Old busybox prints nothing in VSZ for a kernel thread (no mm): procps prints 0 for the same.
  const blankVsz = names.join(',') === BUSYBOX_DEFAULT && fields[2] !== undefined && !/^\d/.test(fields[2]);
  if (blankVsz) fields.splice(2, 0, '0');
  if (fields.length <= names.length) {
    // Too few fields for a process: prose or a mark under the table ("." in a 2001 paste). Said.
    if (line.trim() !== '') noteUnread(unread, line, `${fields.length} fields under ${names.length + 1} columns: not a process row`);
    return null;
  }
  const get = (name: string): string | undefined => (names.includes(name) ? fields[names.indexOf(name)] : undefined);
  const pid = toInt(get('pid'));
  const vsz = get('vsz');
  const vszKb = vsz === undefined ? null : sizeToKb(vsz);
  const stat = names.includes('stat') ? get('stat') : '';
  // A row whose figures do not read is not a process row (a wrapped line, prose under the table).
  if (pid === null || (vsz !== undefined && vszKb === null) || stat === undefined) {
    if (line.trim() !== '') noteUnread(unread, line, 'not a process row under the header (its PID, VSZ or STAT does not read)');
    return null;
  }
  let rest = restAfter(line, names.length - (blankVsz ? 1 : 0));
  let comm: string | null = null;
  if (commWidth !== null) {
    comm = rest.slice(0, commWidth).trimEnd();
    rest = rest.slice(commWidth + 1).trimStart();
  }
  // A figure printed but not read is said, never dropped silently.
  const figure = <T>(name: string, read: (text: string) => T | null): T | null => {
    const text = get(name);
    if (text === undefined) return null;
    const value = read(text);
    if (value === null) noteUnread(unread, line, `'${text}' under ${name} is not a figure`);
    return value;
  };
  return {
    pid,
    ppid: figure('ppid', toInt),
    user: get('user') ?? '',
    stat,
    rssKb: figure('rss', (t) => sizeToKb(t)),
    vszKb,
    cpuPct: figure('pcpu', toFigure),
    memPct: figure('pmem', toFigure),
    elapsed: get('etime') ?? null,
    comm,
    command: rest,
  };
}

/**
 * Lines of `ps aux` without their header, as `ps axwwu | grep flush` leaves them in a paste
 * (the headline incident): read with aux's columns when every line has their shape.
 */
function headerless(lines: string[], text: string): PsFacts | ReturnType<typeof unparsed> {
  const aux = layoutOf(AUX_HEADER) as Layout;
  const rows = lines.filter((l) => l.trim() !== '');
  const unread = noUnread();
  const processes = rows.map((l) => (AUX_ROW.test(l) ? processOf(l, aux, unread) : null));
  if (rows.length === 0 || processes.some((p) => p === null)) {
    return unparsed('no header line with PID and COMMAND columns: paste ps with its header line (ps aux, or ps -eo pid,ppid,user,stat,rss,vsz,args)', text);
  }
  return { processes: processes as PsProcess[], unread };
}

export const ps = defineParser<PsFacts>({
  name: 'ps',
  sources: ['ps'],
  description: `ps: hostsnap's -eo columns, ps aux / axu / u, ps -ef and -eo lists without memory columns (procps 3.2 to procps-ng 4), busybox ps.`,
  parse(text) {
    const lines = linesOf(text);
    const headerIndex = lines.findIndex((l) => fieldsOf(l).includes('PID') && /\b(COMMAND|CMD|ARGS)\b/i.test(l));
    if (headerIndex < 0) return headerless(lines, text);
    const layout = layoutOf(lines[headerIndex]);
    if (!layout) return unparsed('the header has no PID before its COMMAND column: paste ps with its whole header line (ps aux, or ps -eo pid,ppid,user,stat,rss,vsz,args)', text);
    const unread = noUnread();
    const processes = lines.slice(headerIndex + 1).map((l) => processOf(l, layout, unread)).filter((p): p is PsProcess => p !== null);
    if (processes.length === 0) return unparsed('a ps header but no process row under it: paste the rows that follow the header too', text);
    return { processes, unread };
  },
});
