// /proc/meminfo of kernels 2.6 (HighTotal/LowTotal) to 6.x.
import { defineParser, unparsed } from './types.js';
import { hostRecord, linesOf, toInt } from './lines/text.js';

/**
 * Every kernel prints "Name:  value kB" (fs/proc/meminfo.c), one line per figure:
 *   MemTotal:        3997272 kB        (all kernels)
 *   HighTotal:       1169944 kB        (32-bit kernels with CONFIG_HIGHMEM, 2.6 to today)
 *   LowTotal:         896648 kB
 *   MemAvailable:    3386876 kB        (3.14+)
 *   HugePages_Total:       0           (counts, no unit)
 * 2.4 kernels put a "total: used: free:…" table and "Mem:"/"Swap:" lines in bytes above them:
 * those lines have several figures and are skipped, the named lines below are read as usual.
 */
export interface MeminfoFacts {
  /** Every line by its own name; kB lines in kB, count lines (HugePages_Total…) as printed. */
  fields: Record<string, number>;
  /** The names printed without a unit (HugePages_Total, HugePages_Free…): counts, not kB. */
  counts: string[];
}

// The name never starts with a space (a zoneinfo or status line does) and holds no space.
const LINE = /^([A-Za-z][\w()]*):\s*(\d+)(\s+kB)?\s*$/;

export const meminfo = defineParser<MeminfoFacts>({
  name: 'meminfo',
  sources: ['proc-meminfo'],
  description: `/proc/meminfo of kernels 2.6 (HighTotal/LowTotal) to 6.x.`,
  parse(text) {
    const fields = hostRecord<number>();
    const counts: string[] = [];
    for (const line of linesOf(text)) {
      const match = LINE.exec(line);
      if (!match) continue;
      const value = toInt(match[2]);
      if (value === null) continue;
      const [, name] = match;
      fields[name] = value;
      if (!match[3]) counts.push(name);
    }
    if (fields.MemTotal === undefined) return unparsed("no 'MemTotal: N kB' line", text);
    return { fields, counts };
  },
});
