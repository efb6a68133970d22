// nproc (coreutils) or getconf _NPROCESSORS_ONLN: one number.
import { defineParser, unparsed } from './types.js';
import { linesOf, toInt } from './lines/text.js';

/**
 * The probe runs `nproc` (coreutils 8.1+), else `getconf _NPROCESSORS_ONLN` (glibc), else
 * `grep -c ^processor /proc/cpuinfo`: each prints the online CPUs as one number, e.g. on 6.18:
 *   2
 */
export interface NprocFacts {
  cpus: number;
}

export const nproc = defineParser<NprocFacts>({
  name: 'nproc',
  sources: ['nproc'],
  description: `nproc (coreutils) or getconf _NPROCESSORS_ONLN: one number.`,
  parse(text) {
    const lines = linesOf(text).map((l) => l.trim()).filter((l) => l !== '');
    const cpus = lines.length === 1 ? toInt(lines[0]) : null;
    if (cpus === null || cpus < 1) return unparsed('expected one positive number of CPUs', text);
    return { cpus };
  },
});
