// /proc/loadavg.
import { defineParser, unparsed } from './types.js';

export interface LoadavgFacts {
  load1: number; load5: number; load15: number;
  running: number; total: number; lastPid: number;
}

export const loadavg = defineParser<LoadavgFacts>({
  name: 'loadavg',
  sources: ['proc-loadavg'],
  description: `/proc/loadavg.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
