// /proc/slabinfo version 2.1 (kernels 2.6.x and later).
import { defineParser, unparsed } from './types.js';

export interface SlabCache {
  name: string;
  activeObjs: number;
  numObjs: number;
  /** Bytes per object. */
  objSize: number;
  /** Memory held by the cache in kB (slabs x pages per slab x page size; slabtop's CACHE SIZE). */
  sizeKb: number;
}
export interface SlabFacts {
  /** Largest sizeKb first. */
  caches: SlabCache[];
  totalKb: number;
}

export const slabinfo = defineParser<SlabFacts>({
  name: 'slabinfo',
  sources: ['proc-slabinfo'],
  description: `/proc/slabinfo version 2.1 (kernels 2.6.x and later).`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
