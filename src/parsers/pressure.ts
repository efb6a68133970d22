// /proc/pressure/{cpu,memory,io} (PSI, kernels 4.20+).
import { defineParser, unparsed } from './types.js';

export interface PressureLine { avg10: number; avg60: number; avg300: number; totalUs: number }
export interface PressureFacts {
  some: PressureLine | null;
  full: PressureLine | null;
}

export const pressure = defineParser<PressureFacts>({
  name: 'pressure',
  sources: ['proc-pressure-cpu', 'proc-pressure-memory', 'proc-pressure-io'],
  description: `/proc/pressure/{cpu,memory,io} (PSI, kernels 4.20+).`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
