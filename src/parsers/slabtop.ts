// slabtop -o (procps 3.2 and procps-ng) summary and cache table.
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf, toInt } from './lines/text.js';
import { sizeToKb } from './table/units.js';
import { slabFacts, type SlabCache, type SlabFacts } from './slabinfo.js';

/**
 * procps-ng 4.0.2 `slabtop -o -s c` (Debian 12, kernel 6.18); procps 3.2 prints the same layout.
 *    Active / Total Objects (% used)    : 352580 / 370068 (95.3%)
 *    Active / Total Slabs (% used)      : 12380 / 12380 (100.0%)
 *    Active / Total Caches (% used)     : 123 / 232 (53.0%)
 *    Active / Total Size (% used)       : 97789.26K / 100689.97K (97.1%)
 *    Minimum / Average / Maximum Object : 0.01K / 0.27K / 8.00K
 *
 *     OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME
 *    46452  46452 100%    1.10K   3318       14     53088K ext4_inode_cache
 * Run under a tty (slabtop -o waits for one without) the lines end in CRLF. Sizes are printed in
 * K with at most two decimals: OBJ SIZE in bytes is rounded from that. Whatever -s sorted by,
 * caches come out largest CACHE SIZE first.
 */

export interface SlabtopFacts extends SlabFacts {
  /** The summary block's figures in kB (Total Size, Active Size), null when absent. */
  summary: { activeSizeKb: number | null; totalSizeKb: number | null };
}

function cacheOf(line: string): SlabCache | null {
  const fields = fieldsOf(line);
  if (fields.length !== 8 || !fields[2].endsWith('%') || !fields[3].endsWith('K')) return null;
  const [numObjs, activeObjs] = fields.slice(0, 2).map(toInt);
  const objSizeKb = Number(fields[3].slice(0, -1));
  const numSlabs = toInt(fields[4]);
  const sizeKb = sizeToKb(fields[6]);
  if (numObjs === null || activeObjs === null || numSlabs === null || sizeKb === null || !Number.isFinite(objSizeKb)) return null;
  return { name: fields[7], activeObjs, numObjs, objSize: Math.round(objSizeKb * 1024), sizeKb, numSlabs, pagesPerSlab: null };
}

export const slabtop = defineParser<SlabtopFacts>({
  name: 'slabtop',
  sources: ['slabtop'],
  description: `slabtop -o (procps 3.2 and procps-ng) summary and cache table.`,
  parse(text) {
    const lines = linesOf(text);
    const size = lines.map((l) => /Active \/ Total Size \(% used\)\s*:\s*([\d.]+K)\s*\/\s*([\d.]+K)/.exec(l)).find((m) => m);
    const headerIndex = lines.findIndex((l) => /^\s*OBJS\s+ACTIVE\s+USE\s+OBJ SIZE/.test(l));
    if (headerIndex < 0) return unparsed("no 'OBJS ACTIVE USE OBJ SIZE' header line", text);
    const caches = lines.slice(headerIndex + 1).map(cacheOf).filter((c): c is SlabCache => c !== null);
    if (caches.length === 0) return unparsed('a slabtop header but no cache row under it', text);
    return {
      ...slabFacts(caches),
      summary: { activeSizeKb: size ? sizeToKb(size[1]) : null, totalSizeKb: size ? sizeToKb(size[2]) : null },
    };
  },
});
