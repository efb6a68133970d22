// A global OOM's choice line alone ("Kill process N (x) score S or sacrifice child", no sizes): the score measures the victim.
import type { OomConstraint, OomEvent } from '../parsers/kernlog-types.js';
import { lineWith, ramKb } from '../facts/oom.js';
import type { Ev, Verdict } from './oom-verdict.js';

/** Per thousand of RAM plus swap the choice must score: more than half of all memory. */
const MAJORITY = 500;

/**
 * 2.6.36-4.x print the chosen task's badness per thousand of the OOM's total pages (RAM plus swap for
 * a global OOM): its resident pages (anon, file and, from 4.5, shmem), its swap entries and page
 * tables. A task scoring more than half of all memory in a global OOM holds it as its own: page cache
 * of that size would have been reclaimed before the kernel chose to kill, and swap entries are anon.
 * Shmem cannot be told apart from anon on one line (say so), and a raised oom_score_adj adds to the
 * score (Kubernetes sets up to 1000 for best-effort pods): a score above 1000 is that, not memory, and
 * reads unknown. The kill line of 2.6.32-2.6.35 ("score 1285879 or a child") is no share and not read.
 */
export function scoreAloneVerdict(event: OomEvent, ev: Ev, constraint: OomConstraint | null): Verdict | null {
  if (constraint !== 'global' || Object.keys(event.memInfo).length > 0 || event.zones.length > 0 || ramKb(event) !== null) return null;
  if (event.killed.length !== 1 || event.killed[0].anonRssKb !== null) return null;
  const v = event.killed[0];
  const line = lineWith(event, new RegExp(`Out of memory: Kill process ${v.pid} \\(.*\\) score \\d+ or sacrifice child`));
  const score = line ? Number(/score (\d+) or sacrifice child/.exec(line)?.[1]) : NaN;
  if (!line || !(score > MAJORITY) || score >= 1000) return null;
  return {
    cause: 'anon',
    why: [
      ev(`Only the OOM killer's choice is in the excerpt, with no sizes: ${v.comm} (pid ${v.pid}) scored ${score} per thousand of RAM plus swap, i.e. it alone held ${(score / 10).toFixed(1)}% of all memory in resident pages, swap entries and page tables. In a global OOM, page cache of that size would have been reclaimed before any kill, so the task's own (anonymous) memory filled the machine; shmem it mapped would score the same and cannot be told apart on this line, and a raised oom_score_adj (not printed here) would inflate the score.`, [`score ${score}`]),
      ev(line),
    ],
  };
}
