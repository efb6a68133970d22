// /proc/vmstat counters (all kernels since 2.6).
import { defineParser, unparsed } from './types.js';

export interface ProcVmstatFacts {
  counters: Record<string, number>;
}

export const procvmstat = defineParser<ProcVmstatFacts>({
  name: 'procvmstat',
  sources: ['proc-vmstat'],
  description: `/proc/vmstat counters (all kernels since 2.6).`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
