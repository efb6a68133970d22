// /proc/loadavg: load over 1, 5 and 15 minutes, runnable/total tasks, last pid (all kernels).
import { defineParser, unparsed } from './types.js';
import { linesOf, toDecimal, toInt } from './lines/text.js';

/**
 * One line, the same on every kernel since 2.0 (fs/proc/loadavg.c); 6.18:
 *   0.81 0.51 0.25 1/98 9134
 * Load over 1, 5 and 15 minutes (runnable plus uninterruptible tasks), then runnable/total
 * scheduling entities and the last pid handed out.
 */
export interface LoadavgFacts {
  load1: number; load5: number; load15: number;
  running: number; total: number; lastPid: number;
}

const LINE = /^(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\/(\d+)\s+(\d+)$/;

export const loadavg = defineParser<LoadavgFacts>({
  name: 'loadavg',
  sources: ['proc-loadavg'],
  description: `/proc/loadavg: load over 1, 5 and 15 minutes, runnable/total tasks, last pid (all kernels).`,
  parse(text) {
    const line = linesOf(text).map((l) => l.trim()).find((l) => l !== '') ?? '';
    const match = LINE.exec(line);
    if (!match) return unparsed("no 'L1 L5 L15 running/total lastpid' line", text);
    const [load1, load5, load15] = [match[1], match[2], match[3]].map(toDecimal);
    const [running, total, lastPid] = [match[4], match[5], match[6]].map(toInt);
    if (load1 === null || load5 === null || load15 === null || running === null || total === null || lastPid === null) {
      return unparsed('a figure of the loadavg line is not a number', text);
    }
    return { load1, load5, load15, running, total, lastPid };
  },
});
