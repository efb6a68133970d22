// /proc/pressure/{cpu,memory,io} (PSI, kernels 4.20+).
import { defineParser, unparsed } from './types.js';
import { linesOf, toDecimal, toInt } from './lines/text.js';

/**
 * Pressure stall information (kernel/sched/psi.c), 4.20+; /proc/pressure/memory on 6.18:
 *   some avg10=0.00 avg60=0.03 avg300=0.48 total=5014920
 *   full avg10=0.00 avg60=0.02 avg300=0.42 total=4413591
 * avg* are percentages of wall time over 10 s, 60 s, 300 s; total is microseconds stalled.
 * /proc/pressure/cpu has only the "some" line before 5.13 (full is null then); since 5.13
 * it prints a "full" line too, all zeros at the system level.
 */
export interface PressureLine { avg10: number; avg60: number; avg300: number; totalUs: number }
export interface PressureFacts {
  some: PressureLine | null;
  full: PressureLine | null;
}

const LINE = /^(some|full)\s+avg10=(\S+)\s+avg60=(\S+)\s+avg300=(\S+)\s+total=(\S+)\s*$/;

function lineOf(match: RegExpExecArray): PressureLine | null {
  const [avg10, avg60, avg300] = [match[2], match[3], match[4]].map(toDecimal);
  const totalUs = toInt(match[5]);
  if (avg10 === null || avg60 === null || avg300 === null || totalUs === null) return null;
  return { avg10, avg60, avg300, totalUs };
}

export const pressure = defineParser<PressureFacts>({
  name: 'pressure',
  sources: ['proc-pressure-cpu', 'proc-pressure-memory', 'proc-pressure-io'],
  description: `/proc/pressure/{cpu,memory,io} (PSI, kernels 4.20+).`,
  parse(text) {
    const facts: PressureFacts = { some: null, full: null };
    for (const line of linesOf(text)) {
      const match = LINE.exec(line.trim());
      if (match) facts[match[1] as 'some' | 'full'] = lineOf(match);
    }
    if (!facts.some && !facts.full) return unparsed("no 'some avg10=… total=…' line", text);
    return facts;
  },
});
