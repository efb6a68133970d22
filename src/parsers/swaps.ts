// /proc/swaps.
import { defineParser, unparsed } from './types.js';

export interface SwapsFacts {
  swaps: Array<{ filename: string; type: string; sizeKb: number; usedKb: number; priority: number }>;
}

export const swaps = defineParser<SwapsFacts>({
  name: 'swaps',
  sources: ['proc-swaps'],
  description: `/proc/swaps.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
