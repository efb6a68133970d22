// /proc/swaps: swap areas with size, use (kB) and priority (all kernels since 2.6).
import { defineParser, unparsed } from './types.js';
import { decodeOctalEscapes, fieldsOf, linesOf, toInt } from './lines/text.js';

/**
 * A header, then one line per active swap area (mm/swapfile.c, swap_show); sizes in kB.
 * The same columns from 2.6 to 6.x; a path with a space is escaped as \040. Ubuntu, 5.x:
 *   Filename				Type		Size		Used		Priority
 *   /swap.img                               file		3996668		0		-2
 * A host without swap prints the header alone: no areas, which is a fact, not a failure.
 */
export interface SwapsFacts {
  swaps: Array<{ filename: string; type: string; sizeKb: number; usedKb: number; priority: number }>;
}

const HEADER = /^Filename\s+Type\s+Size\s+Used\s+Priority\s*$/;

export const swaps = defineParser<SwapsFacts>({
  name: 'swaps',
  sources: ['proc-swaps'],
  description: `/proc/swaps: swap areas with size, use (kB) and priority (all kernels since 2.6).`,
  parse(text) {
    let header = false;
    const areas: SwapsFacts['swaps'] = [];
    for (const line of linesOf(text)) {
      if (HEADER.test(line.trim())) {
        header = true;
        continue;
      }
      const fields = fieldsOf(line);
      if (fields.length !== 5) continue;
      const [filename, type] = fields;
      const [sizeKb, usedKb, priority] = fields.slice(2).map(toInt);
      if (sizeKb === null || usedKb === null || priority === null || !filename.startsWith('/')) continue;
      areas.push({ filename: decodeOctalEscapes(filename), type, sizeKb, usedKb, priority });
    }
    if (!header && areas.length === 0) return unparsed("no 'Filename Type Size Used Priority' header", text);
    return { swaps: areas };
  },
});
