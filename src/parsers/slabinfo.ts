// /proc/slabinfo versions 2.0 and 2.1 (kernels 2.6.0 and later; SLAB, SLUB and SLOB alike).
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf, toInt } from './lines/text.js';

/**
 * One line per cache after a version line and a "# name" legend (mm/slab_common.c, 2.1 since
 * 2.6.10; 2.0 of 2.6.0–2.6.9 has the same columns). Linux 6.18.44 x86_64 (Debian 12, SLUB):
 *   slabinfo - version: 2.1
 *   # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
 *   dentry             67242  67242    192   21    1 : tunables    0    0    0 : slabdata   3202   3202      0
 * CONFIG_DEBUG_SLAB kernels append ": globalstat …" and ": cpustat …": only the first 13 fields
 * are read. The file gives pages, not bytes, and not the page size: 4 kB pages are ASSUMED
 * (x86, most arm64 distributions); on 16 or 64 kB page kernels (some arm64, ppc64le) sizeKb is
 * 4 or 16 times too small.
 */

export interface SlabCache {
  name: string;
  activeObjs: number;
  numObjs: number;
  /** Bytes per object (slabtop prints it in K with two decimals: rounded from that). */
  objSize: number;
  /** Memory held by the cache in kB (slabs x pages per slab x page size; slabtop's CACHE SIZE). */
  sizeKb: number;
  /** Slabs allocated to the cache (num_slabs; slabtop's SLABS). */
  numSlabs: number;
  /** Pages per slab (/proc/slabinfo only), else null. */
  pagesPerSlab: number | null;
}
export interface SlabFacts {
  /** Largest sizeKb first. */
  caches: SlabCache[];
  totalKb: number;
}

/** The page size sizeKb is computed with: /proc/slabinfo does not say (see above). */
export const ASSUMED_PAGE_KB = 4;

/** Sort largest first (then by name, so equal sizes keep a stable order) and total them. */
export function slabFacts(caches: SlabCache[]): SlabFacts {
  caches.sort((a, b) => b.sizeKb - a.sizeKb || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { caches, totalKb: caches.reduce((sum, c) => sum + c.sizeKb, 0) };
}

function cacheOf(line: string): SlabCache | null {
  const fields = fieldsOf(line);
  // name, 5 figures, ":", "tunables", 3 figures, ":", "slabdata", 3 figures.
  if (fields.length < 16 || fields[6] !== ':' || fields[7] !== 'tunables' || fields[12] !== 'slabdata') return null;
  const [activeObjs, numObjs, objSize, , pagesPerSlab] = fields.slice(1, 6).map(toInt);
  const numSlabs = toInt(fields[14]);
  if (activeObjs === null || numObjs === null || objSize === null || pagesPerSlab === null || numSlabs === null) return null;
  return { name: fields[0], activeObjs, numObjs, objSize, sizeKb: numSlabs * pagesPerSlab * ASSUMED_PAGE_KB, numSlabs, pagesPerSlab };
}

export const slabinfo = defineParser<SlabFacts>({
  name: 'slabinfo',
  sources: ['proc-slabinfo'],
  description: `/proc/slabinfo versions 2.0 and 2.1 (kernels 2.6.0 and later); sizes assume 4 kB pages.`,
  parse(text) {
    const lines = linesOf(text);
    const version = lines.map((l) => /^slabinfo - version: (\d+\.\d+)/.exec(l.trim())).find((m) => m);
    if (version && !version[1].startsWith('2.')) return unparsed(`slabinfo version ${version[1]} (2.4 kernels) is not read`, text);
    const caches = lines.map(cacheOf).filter((c): c is SlabCache => c !== null);
    if (caches.length === 0) return unparsed("no '<name> … : tunables … : slabdata …' cache line", text);
    return slabFacts(caches);
  },
});
