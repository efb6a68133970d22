// slabtop -o (procps 3.2 and procps-ng) summary and cache table.
import { defineParser, unparsed } from './types.js';

import type { SlabFacts } from './slabinfo.js';
export interface SlabtopFacts extends SlabFacts {
  /** The summary block's figures in kB (Total Size, Active Size), null when absent. */
  summary: { activeSizeKb: number | null; totalSizeKb: number | null };
}

export const slabtop = defineParser<SlabtopFacts>({
  name: 'slabtop',
  sources: ['slabtop'],
  description: `slabtop -o (procps 3.2 and procps-ng) summary and cache table.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
