// nproc (coreutils) or getconf _NPROCESSORS_ONLN: one number.
import { defineParser, unparsed } from './types.js';

export interface NprocFacts {
  cpus: number;
}

export const nproc = defineParser<NprocFacts>({
  name: 'nproc',
  sources: ['nproc'],
  description: `nproc (coreutils) or getconf _NPROCESSORS_ONLN: one number.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
