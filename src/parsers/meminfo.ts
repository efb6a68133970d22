// /proc/meminfo of kernels 2.6 (HighTotal/LowTotal) to 6.x.
import { defineParser, unparsed } from './types.js';

export interface MeminfoFacts {
  /** Every line by its own name; kB lines in kB, count lines (HugePages_Total…) as printed. */
  fields: Record<string, number>;
}

export const meminfo = defineParser<MeminfoFacts>({
  name: 'meminfo',
  sources: ['proc-meminfo'],
  description: `/proc/meminfo of kernels 2.6 (HighTotal/LowTotal) to 6.x.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
