// free: procps 3.2 (-/+ buffers/cache), procps-ng 3.3.10+ (available), -b/-k/-m/-g/-h/-w/-l, busybox.
import { defineParser, unparsed } from './types.js';
import { linesOf } from './lines/text.js';
import { commandArgs, hasFlag } from './table/command-line.js';
import { readFreeTable } from './table/free-table.js';
import { noteUnread, type Unread } from './table/unread.js';
import { hasSizeSuffix, sizeToKb, type SizeUnit } from './table/units.js';

/**
 * procps 3.2.8 (CentOS 5/6, Debian 6, the 2011 incident's `free -m`): used counts buffers and
 * cache, the next line takes them back out:
 *                total       used       free     shared    buffers     cached
 *   Mem:          2003       1866        137          0          3       1159
 *   -/+ buffers/cache:        703       1300
 *   Swap:          511          0        511
 * procps-ng 3.3.10+ (CentOS 7, Debian 9+; Debian 12's 4.0.2 below; busybox 1.35 prints the same):
 *                  total        used        free      shared  buff/cache   available
 *   Mem:        24683620      464052    24105356        8952      375552    24219568
 *   Swap:              0           0           0
 * -w splits buff/cache into "buffers" and "cache"; -l adds "Low:"/"High:" lines (32-bit highmem);
 * -h prints "23Gi"/"8.7Mi" (3.3.10: "3.7G"); old busybox (1.2x) prints "total used free shared
 * buffers" and a "Total:" line. Nothing in the table says whether plain numbers are kB, MB
 * (-m) or bytes (-b): only an echoed command line does ("# free -m"), else kB is assumed.
 */

/** Sizes in kB whatever unit free printed; a figure the format lacks is null. */
export interface FreeFacts {
  /** procps (3.2, with the -/+ buffers/cache line), procps-ng (3.3.10+), busybox. */
  format: 'procps' | 'procps-ng' | 'busybox';
  memTotalKb: number;
  /** free's own 'used', as printed (procps < 3.3.10 counts buffers and cache in it). */
  memUsedKb: number;
  memFreeKb: number;
  sharedKb: number | null;
  buffersKb: number | null;
  cachedKb: number | null;
  buffCacheKb: number | null;
  availableKb: number | null;
  /** The -/+ buffers/cache line's used and free (procps 3.2 only). */
  usedMinusBuffCacheKb: number | null;
  freePlusBuffCacheKb: number | null;
  /** The Total: line of free -t (and of old busybox): RAM plus swap, else null. */
  totalTotalKb: number | null;
  totalUsedKb: number | null;
  totalFreeKb: number | null;
  /** Low:/High: lines of free -l (32-bit kernels), else null. */
  lowTotalKb: number | null;
  lowFreeKb: number | null;
  highTotalKb: number | null;
  highFreeKb: number | null;
  /** The used column of the Low:/High: lines, as printed (null without -l). */
  lowUsedKb: number | null;
  highUsedKb: number | null;
  swapTotalKb: number;
  swapUsedKb: number;
  swapFreeKb: number;
  /** Derived: buff/cache as printed, or buffers + cache(d) where free printed them apart
   *  (procps 3.2, -w); null when neither was printed (old busybox has no cache column). */
  buffersAndCacheKb: number | null;
  /** Derived: which sum free's own 'used' matches, checked by arithmetic on the printed row.
   *  procps 3.2 and busybox < 1.2x print total-free; procps-ng 3.3.10-3.3.17 and busybox 1.35
   *  total-free-buffcache; procps-ng 4.0 total-available. Null when none matches. */
  usedMeans: 'total-available' | 'total-free-buffcache' | 'total-free' | null;
  /** The unit plain numbers were read in, and how it was known (an echoed command line, -h
   *  suffixes, or assumed kB because nothing said otherwise). */
  unit: SizeUnit;
  unitFrom: 'command' | 'suffix' | 'assumed';
  /** Rows and figures printed but not read (an unknown row label, a figure that is no size):
   *  the source is then "partly read". Labels in another language are read, not counted here. */
  unread: Unread;
}

// A Linux machine has more than 8 MB: a smaller "Mem: total" read as kB was really -m or -g.
const MIN_PLAUSIBLE_MEM_KB = 8192;

function unitOf(above: string[]): { unit: SizeUnit; from: 'command' | 'assumed' } {
  const args = commandArgs(above, 'free');
  if (args === null) return { unit: 'K', from: 'assumed' };
  const long: Record<string, SizeUnit> = { '--bytes': 'B', '--kilo': 'K', '--mega': 'M', '--giga': 'G', '--tera': 'T' };
  for (const [option, unit] of Object.entries(long)) if (args.includes(option)) return { unit, from: 'command' };
  // The last of -b/-k/-m/-g wins in procps, as it would on the command line.
  let unit: SizeUnit = 'K';
  for (const word of args.split(/\s+/)) {
    for (const [flag, u] of [['b', 'B'], ['k', 'K'], ['m', 'M'], ['g', 'G']] as const) if (hasFlag(word, flag)) unit = u;
  }
  return { unit, from: 'command' };
}

const UNIT_KB: Record<SizeUnit, number> = { B: 1 / 1024, K: 1, M: 1024, G: 1024 ** 2, T: 1024 ** 3 };

/** Which sum `used` is, in the order a newer free would print it; within the rounding of the unit. */
function usedMeaning(f: Omit<FreeFacts, 'usedMeans'>): FreeFacts['usedMeans'] {
  // -h keeps about three digits: allow 2% of total; otherwise two units of what was printed.
  const slack = f.unitFrom === 'suffix' ? f.memTotalKb * 0.02 : 2 * UNIT_KB[f.unit];
  const cache = f.buffersAndCacheKb;
  const sums: Array<[FreeFacts['usedMeans'], number | null]> = [
    ['total-available', f.availableKb === null ? null : f.memTotalKb - f.availableKb],
    ['total-free-buffcache', cache === null ? null : f.memTotalKb - f.memFreeKb - cache],
    ['total-free', f.memTotalKb - f.memFreeKb],
  ];
  const match = sums.find(([, sum]) => sum !== null && Math.abs(sum - f.memUsedKb) <= slack);
  return match ? match[0] : null;
}

export const free = defineParser<FreeFacts>({
  name: 'free',
  sources: ['free'],
  description: `free: procps 3.2 (-/+ buffers/cache), procps-ng 3.3.10+ (available), -b/-k/-m/-g/-h/-w/-l, busybox.`,
  parse(text) {
    const lines = linesOf(text);
    const table = readFreeTable(lines);
    if (!table) return unparsed("no 'total used free' header line (in English or a language procps-ng ships)", text);
    const { header, rows, unread } = table;
    const mem = rows.get('Mem');
    const swap = rows.get('Swap');
    if (!mem) return unparsed("no 'Mem:' line", text);
    if (!swap) return unparsed("no 'Swap:' line", text);

    const suffixed = [...mem.values()].some((v) => v !== undefined && hasSizeSuffix(v));
    const fromCommand = unitOf(lines.slice(0, table.headerIndex));
    const unit = suffixed ? 'K' : fromCommand.unit;
    const unitFrom = suffixed ? 'suffix' : fromCommand.from;
    const kb = (row: Map<string, string> | undefined, name: string): number | null =>
      row && row.has(name) ? sizeToKb(row.get(name), unit) : null;
    // A figure printed but not a size is said, never dropped silently.
    for (const [label, row] of rows) {
      for (const [name, value] of row) {
        if (value !== undefined && sizeToKb(value, unit) === null) noteUnread(unread, `${label}: ${name} ${value}`, `'${value}' under ${name} is not a size`);
      }
    }

    const memTotalKb = kb(mem, 'total');
    const memUsedKb = kb(mem, 'used');
    const memFreeKb = kb(mem, 'free');
    const swapTotalKb = kb(swap, 'total');
    const swapUsedKb = kb(swap, 'used');
    const swapFreeKb = kb(swap, 'free');
    if (memTotalKb === null || memUsedKb === null || memFreeKb === null) {
      return unparsed("the 'Mem:' line lacks total, used or free figures", text);
    }
    if (swapTotalKb === null || swapUsedKb === null || swapFreeKb === null) {
      return unparsed("the 'Swap:' line lacks total, used or free figures", text);
    }
    if (unitFrom === 'assumed' && memTotalKb < MIN_PLAUSIBLE_MEM_KB) {
      return unparsed(`Mem total ${memTotalKb} is too small to be kB: printed with -m or -g, and no command line says which`, text);
    }
    const plusMinus = rows.get('-/+ buffers/cache');
    const low = rows.get('Low');
    const high = rows.get('High');
    // Old busybox has no cache column at all; a "Total:" line alone is procps' -t, not busybox.
    const busybox = !header.includes('cached') && !header.includes('cache') && !header.includes('buff/cache');
    const buffersKb = kb(mem, 'buffers');
    // procps 3.2 and busybox call it "cached", procps-ng -w "cache"; buff/cache is their sum.
    const cachedKb = kb(mem, 'cached') ?? kb(mem, 'cache');
    const buffCacheKb = kb(mem, 'buff/cache');
    const facts: Omit<FreeFacts, 'usedMeans'> = {
      // A "-/+ buffers/cache" line is procps' own, even when a wrapped paste lost the cached column.
      format: plusMinus ? 'procps' : busybox ? 'busybox' : !header.includes('available') ? 'procps' : 'procps-ng',
      memTotalKb, memUsedKb, memFreeKb,
      sharedKb: kb(mem, 'shared'),
      buffersKb, cachedKb, buffCacheKb,
      buffersAndCacheKb: buffCacheKb ?? (buffersKb !== null && cachedKb !== null ? buffersKb + cachedKb : null),
      availableKb: kb(mem, 'available'),
      usedMinusBuffCacheKb: kb(plusMinus, 'used'),
      freePlusBuffCacheKb: kb(plusMinus, 'free'),
      lowTotalKb: kb(low, 'total'), lowFreeKb: kb(low, 'free'),
      highTotalKb: kb(high, 'total'), highFreeKb: kb(high, 'free'),
      lowUsedKb: kb(low, 'used'), highUsedKb: kb(high, 'used'),
      totalTotalKb: kb(rows.get('Total'), 'total'), totalUsedKb: kb(rows.get('Total'), 'used'), totalFreeKb: kb(rows.get('Total'), 'free'),
      swapTotalKb, swapUsedKb, swapFreeKb,
      unit, unitFrom,
      unread,
    };
    return { ...facts, usedMeans: usedMeaning(facts) };
  },
});
