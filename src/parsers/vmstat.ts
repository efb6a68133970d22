// vmstat plain, -w, -t, -a, -S M (procps 3.2 and procps-ng).
import { defineParser, unparsed } from './types.js';

/** Memory columns in kB whatever -S unit was printed; a column the report lacks is null. */
export interface VmstatSample {
  r: number; b: number;
  swpd: number; free: number; buff: number | null; cache: number | null;
  /** -a prints inact/active instead of buff/cache. */
  inact: number | null; active: number | null;
  si: number; so: number; bi: number; bo: number;
  in: number; cs: number;
  us: number; sy: number; id: number; wa: number | null; st: number | null;
  /** -t timestamp as printed. */
  timestamp: string | null;
}
export interface VmstatFacts {
  samples: VmstatSample[];
  /** The first sample is the average since boot, not a live sample. */
  firstIsSinceBoot: true;
}

export const vmstat = defineParser<VmstatFacts>({
  name: 'vmstat',
  sources: ['vmstat'],
  description: `vmstat plain, -w, -t, -a, -S M (procps 3.2 and procps-ng).`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
