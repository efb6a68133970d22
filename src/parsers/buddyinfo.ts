// /proc/buddyinfo: free blocks per order per zone (all kernels since 2.6).
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf, toInt } from './lines/text.js';

/**
 * One line per zone, the count of free blocks of order 0, 1, … MAX_ORDER-1 (mm/vmstat.c,
 * frag_show_print; same layout from 2.6 to 6.x, each line ending with a space). 2.6, i686:
 *   Node 0, zone      DMA    634    365    106      6      0      0      0      0      0      0      0
 *   Node 0, zone   Normal     42  18994   3271    131      0      0      0      1      1      0      0
 *   Node 0, zone  HighMem      0      0      0      0      2      1      1      1      0      0      0
 * An order-N request needs a block in column N or to its right.
 */
export interface BuddyinfoFacts {
  zones: Array<{ node: number; zone: string; freeBlocks: number[] }>;
}

const LINE = /^Node\s+(\d+),\s*zone\s+(\S+)\s+(.*)$/;

export const buddyinfo = defineParser<BuddyinfoFacts>({
  name: 'buddyinfo',
  sources: ['proc-buddyinfo'],
  description: `/proc/buddyinfo: free blocks per order per zone (all kernels since 2.6).`,
  parse(text) {
    const zones: BuddyinfoFacts['zones'] = [];
    for (const line of linesOf(text)) {
      const match = LINE.exec(line.trim());
      if (!match) continue;
      const node = toInt(match[1]);
      const freeBlocks = fieldsOf(match[3]).map(toInt);
      if (node === null || freeBlocks.length === 0 || freeBlocks.some((n) => n === null)) continue;
      zones.push({ node, zone: match[2], freeBlocks: freeBlocks as number[] });
    }
    if (zones.length === 0) return unparsed("no 'Node N, zone NAME  counts…' line", text);
    return { zones };
  },
});
