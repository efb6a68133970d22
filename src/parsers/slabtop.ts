// slabtop -o (procps 3.2 and procps-ng) summary and cache table.
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf, toInt } from './lines/text.js';
import { labelAtStart, msgidOfLine, printedForms, toFigure } from './table/locale.js';
import { noteUnread, noUnread, type Unread } from './table/unread.js';
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
 * Translated (procps-ng 4.0.2 ships de, fr, es…) the summary labels and, in French, the column
 * header change, and LC_NUMERIC prints decimal commas (LANG=de_DE.UTF-8):
 *    Größe aktiv / gesamt (% benutzt) : 343228,45K / 351863,85K (97,5%)
 *     OBJS ACTIF  UTIL OBJ DIM   SLABS OBJ/SLAB CACHE DIM  NOM          (fr_FR)
 *   177310 176982  99%    1,10K  12665       14    202640K ext4_inode_cache
 */
const SIZE_LABEL = printedForms(['Active / Total Size (% used)']);
const HEADER = printedForms(['  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME']);
const ENGLISH_HEADER = /^\s*OBJS\s+ACTIVE\s+USE\s+OBJ SIZE/;
const SIZES = /^:\s*([\d.,]+K)\s*\/\s*([\d.,]+K)/;

export interface SlabtopFacts extends SlabFacts {
  /** The summary block's figures in kB (Total Size, Active Size), null when absent. */
  summary: { activeSizeKb: number | null; totalSizeKb: number | null };
  /** Lines under the header that are no cache row: the source is then "partly read". */
  unread: Unread;
}

function cacheOf(line: string): SlabCache | null {
  const fields = fieldsOf(line);
  if (fields.length !== 8 || !fields[2].endsWith('%') || !fields[3].endsWith('K')) return null;
  const [numObjs, activeObjs] = fields.slice(0, 2).map(toInt);
  const objSizeKb = toFigure(fields[3].slice(0, -1));
  const numSlabs = toInt(fields[4]);
  const sizeKb = sizeToKb(fields[6]);
  if (numObjs === null || activeObjs === null || numSlabs === null || sizeKb === null || objSizeKb === null) return null;
  return { name: fields[7], activeObjs, numObjs, objSize: Math.round(objSizeKb * 1024), sizeKb, numSlabs, pagesPerSlab: null };
}

export const slabtop = defineParser<SlabtopFacts>({
  name: 'slabtop',
  sources: ['slabtop'],
  description: `slabtop -o (procps 3.2 and procps-ng) summary and cache table.`,
  parse(text) {
    const lines = linesOf(text);
    const size = lines.map((l) => SIZES.exec(labelAtStart(l, SIZE_LABEL)?.rest ?? '')).find((m) => m);
    const headerIndex = lines.findIndex((l) => ENGLISH_HEADER.test(l) || msgidOfLine(l, HEADER) !== null);
    if (headerIndex < 0) return unparsed("no 'OBJS ACTIVE USE OBJ SIZE' header line (in English or French)", text);
    const unread = noUnread();
    const caches: SlabCache[] = [];
    for (const line of lines.slice(headerIndex + 1)) {
      if (line.trim() === '') continue;
      const cache = cacheOf(line);
      if (cache) caches.push(cache);
      else noteUnread(unread, line, 'not a cache row (eight columns: objects, active, use%, object size K, slabs, objects per slab, cache size K, name)');
    }
    if (caches.length === 0) return unparsed('a slabtop header but no cache row under it', text);
    return {
      ...slabFacts(caches),
      summary: { activeSizeKb: size ? sizeToKb(size[1]) : null, totalSizeKb: size ? sizeToKb(size[2]) : null },
      unread,
    };
  },
});
