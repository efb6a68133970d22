// vmstat plain, -w, -t, -a, -S k/K/m/M (procps 2.0 and 3.2, procps-ng 3.3 to 4.0).
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf, toInt } from './lines/text.js';
import { commandArgs, optionValue } from './table/command-line.js';
import { wordsToMsgids } from './table/locale.js';
import { noteUnread, noUnread, type Unread } from './table/unread.js';

/**
 * procps 2.0.x (Linux 2.2/2.4, LKML 2001): a "w" column (runnable but swapped out), no wa, and a
 * group line without dashes; kernels 2.6 dropped w (procps 3.2 prints 0 there, then removed it):
 *      procs                      memory    swap          io     system         cpu
 *    r  b  w   swpd   free   buff  cache  si  so    bi    bo   in    cs  us  sy  id
 *    1  0  0  34924 158256    452  13352   5  43    20    46  813   436   2   4  93
 * A paste wrapped by mail (a header line cut before "id") reads no row: it is said, not guessed.
 * procps 3.2.8 (CentOS 6) and the 2011 incident (no "st" column before kernel 2.6.11's steal):
 *   procs -----------memory---------- ---swap-- -----io---- -system-- ----cpu----
 *   r b swpd free buff cache si so bi bo in cs us sy id wa
 *   2 1 144 140944 4192 1186964 0 0 0 0 1 0 1 0 98 1
 * procps-ng 4.0.2 `vmstat -w -t -a -S M 1 3` (Debian 12; "gu" is new in 4.0, the timezone
 * heads the two timestamp fields):
 *   --procs-- -----------------------memory---------------------- ---swap-- … -----timestamp-----
 *      r    b         swpd         free        inact       active   si   so … gu                 UTC
 *      4    0            0        23570          104          182    0    0 …  0 2026-11-26 01:50:27
 * The header is printed again every screenful (mid-output); rows are matched to the last one.
 * Memory columns are in kB unless -S says otherwise, and only an echoed command line says so.
 * procps-ng translates each column name (LANG=zh_CN.UTF-8: " r  b 交换 空闲 缓冲 缓存   si …",
 * fr_FR: "libre tampon cache"): a header is read back to its English names, one language at a time.
 */

/** Memory columns in kB whatever -S unit was printed; a column the report lacks is null. */
export interface VmstatSample {
  r: number; b: number;
  /** procps 2.0's "w": runnable processes swapped out (kernels before 2.6), else null. */
  w: number | null;
  swpd: number; free: number; buff: number | null; cache: number | null;
  /** -a prints inact/active instead of buff/cache. */
  inact: number | null; active: number | null;
  si: number; so: number; bi: number; bo: number;
  in: number; cs: number;
  us: number; sy: number; id: number; wa: number | null; st: number | null;
  /** Guest time (procps-ng 4.0+), else null. */
  gu: number | null;
  /** -t timestamp as printed. */
  timestamp: string | null;
}
export interface VmstatFacts {
  samples: VmstatSample[];
  /** The first sample is the average since boot, not a live sample. */
  firstIsSinceBoot: true;
  /** Bytes per unit of the memory columns as read (-S k 1000, K 1024, m 10^6, M 2^20), and
   *  whether an echoed command line said so or 1024 was assumed. */
  unitBytes: number;
  unitFrom: 'command' | 'assumed';
  /** Rows under a header that were not read (a figure that is no whole number, a column too
   *  many or too few): the source is then "partly read". */
  unread: Unread;
}

const UNIT_BYTES: Record<string, number> = { k: 1000, K: 1024, m: 1000 ** 2, M: 1024 ** 2 };
const MEMORY = new Set(['swpd', 'free', 'buff', 'cache', 'inact', 'active']);
const REQUIRED = ['r', 'b', 'swpd', 'free', 'si', 'so', 'bi', 'bo', 'in', 'cs', 'us', 'sy', 'id'] as const;

const COLUMNS = new Set([...REQUIRED, 'w', 'buff', 'cache', 'inact', 'active', 'wa', 'st', 'gu']);

/** r, b, swpd, free… all known names; with -t the last word is a timezone ("UTC", "CET"). */
function isEnglishHeader(fields: string[]): boolean {
  if (fields[0] !== 'r' || fields[1] !== 'b' || !fields.includes('swpd') || !fields.includes('free')) return false;
  const last = fields.length - 1;
  return fields.every((f, i) => COLUMNS.has(f) || (i === last && !/^[a-z]+$/.test(f)));
}

/** The header's English column names, in whichever language procps-ng printed it; else null. */
function headerOf(fields: string[]): string[] | null {
  if (fields[0] !== 'r' || fields[1] !== 'b') return null;
  return wordsToMsgids(fields, isEnglishHeader);
}

// The line above each header ("procs -----------memory---------- ---swap-- …", translated too;
// procps 2.0: "   procs      memory    swap …", words without dashes).
const GROUP_LINE = /-{2,}|^\s*procs\s+memory\s/;

function sampleOf(header: string[], fields: string[], unitBytes: number): VmstatSample | null {
  // With -t the header ends with a timezone name over the two fields "2026-11-26 01:50:27".
  const timed = header.length > 0 && !/^[a-z]+$/.test(header[header.length - 1]);
  const columns = timed ? header.slice(0, -1) : header;
  if (fields.length !== columns.length + (timed ? 2 : 0)) return null;
  const values = new Map<string, number>();
  for (const [i, name] of columns.entries()) {
    const value = toInt(fields[i]);
    if (value === null) return null;
    values.set(name, MEMORY.has(name) ? Math.round((value * unitBytes) / 1024) : value);
  }
  if (REQUIRED.some((name) => !values.has(name))) return null;
  const get = (name: string): number => values.get(name) as number;
  const maybe = (name: string): number | null => values.get(name) ?? null;
  return {
    r: get('r'), b: get('b'), w: maybe('w'), swpd: get('swpd'), free: get('free'),
    buff: maybe('buff'), cache: maybe('cache'), inact: maybe('inact'), active: maybe('active'),
    si: get('si'), so: get('so'), bi: get('bi'), bo: get('bo'), in: get('in'), cs: get('cs'),
    us: get('us'), sy: get('sy'), id: get('id'), wa: maybe('wa'), st: maybe('st'), gu: maybe('gu'),
    timestamp: timed ? fields.slice(-2).join(' ') : null,
  };
}

export const vmstat = defineParser<VmstatFacts>({
  name: 'vmstat',
  sources: ['vmstat'],
  description: `vmstat plain, -w, -t, -a, -S k/K/m/M (procps 2.0 and 3.2, procps-ng 3.3 to 4.0).`,
  parse(text) {
    const lines = linesOf(text);
    const args = commandArgs(lines.slice(0, Math.max(0, lines.findIndex((l) => headerOf(fieldsOf(l)) !== null))), 'vmstat');
    const unit = args === null ? null : optionValue(args, 'S');
    const unitBytes = unit !== null && unit in UNIT_BYTES ? UNIT_BYTES[unit] : 1024;
    let header: string[] | null = null;
    const samples: VmstatSample[] = [];
    const unread = noUnread();
    for (const line of lines) {
      const fields = fieldsOf(line);
      const next = headerOf(fields);
      if (next) { header = next; continue; }
      if (!header || fields.length === 0 || GROUP_LINE.test(line)) continue;
      const sample = sampleOf(header, fields, unitBytes);
      if (sample) samples.push(sample);
      else noteUnread(unread, line, `not ${header.length} whole numbers under the header ${header.join(' ')}`);
    }
    if (!header) return unparsed("no 'r b swpd free' header line (vmstat -d, -s and -m print other reports)", text);
    const lastHeader: string[] = header;
    const missing = REQUIRED.filter((name) => !lastHeader.includes(name));
    if (samples.length === 0 && missing.length > 0) return unparsed(`the vmstat header lacks ${missing.join(', ')} (a line wrapped in the paste?): no row read`, text);
    if (samples.length === 0) return unparsed('a vmstat header but no sample row under it', text);
    return { samples, firstIsSinceBoot: true, unitBytes, unitFrom: unit !== null && unit in UNIT_BYTES ? 'command' : 'assumed', unread };
  },
});
