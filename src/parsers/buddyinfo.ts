// /proc/buddyinfo: free blocks per order per zone (all kernels since 2.6).
import { defineParser, unparsed } from './types.js';

export interface BuddyinfoFacts {
  zones: Array<{ node: number; zone: string; freeBlocks: number[] }>;
}

export const buddyinfo = defineParser<BuddyinfoFacts>({
  name: 'buddyinfo',
  sources: ['proc-buddyinfo'],
  description: `/proc/buddyinfo: free blocks per order per zone (all kernels since 2.6).`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
