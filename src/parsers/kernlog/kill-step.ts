// The lines that end a dump: the choice, the kill, the 4.19+ constraint line, a panic, "no killable".
// A second kill decision cannot belong to an event that already has one: it starts the next event.
import type { OomEvent, OomKilled } from '../kernlog-types.js';
import { isNoKillableLine, parseConstraint, parseDecision, parseKilled, parsePanic, type Decision } from './kills.js';
import { kbFigures, pick } from './figures.js';
import type { SectionState } from './sections.js';
import type { TextKeeper } from './text.js';

/** An event being read. */
export interface Open {
  ev: OomEvent;
  st: SectionState;
  text: TextKeeper;
  pending: Decision | null;
  /** The kill (or panic) is printed: only its follow-up lines may still come. */
  done: boolean;
  /** Opened by a dump line with no header and no kill yet: dropped if no kill or panic follows. */
  weak: boolean;
  /** Asked for by sysrq-f (its line came just before): such an OOM never panics for want of a victim. */
  sysrq?: boolean;
  /** Another kernel line, not a panic, came after "no killable processes": the kernel did not panic. */
  wentOn?: boolean;
  /** Opened after a SysRq "Show Memory" line: its show_mem lines are no OOM's. */
  showMemAsked?: boolean;
  /** The victim the 4.19+ summary line names ("oom-kill:…,task=x,pid=N"), printed before the kill line. */
  summary?: OomKilled;
}

// The figures of a kill line that a mailer or a blog wrapped onto a line of their own
// ("Killed process 7748 (python)" / "total-vm:12907828kB, anon-rss:11500204kB, file-rss:0kB").
const KILL_FIGURES_REST = /^(?:total-vm|vsz|anon-rss):\d+kB\b/;

/** The rest of the last kill line, its sizes, when that line had none: true when taken. */
export function absorbKillFigures(o: Open, body: string): boolean {
  const last = o.ev.killed[o.ev.killed.length - 1];
  if (!last || last.totalVmKb !== null || last.anonRssKb !== null || !KILL_FIGURES_REST.test(body)) return false;
  const f = kbFigures(body);
  Object.assign(last, {
    totalVmKb: pick(f, 'total-vm') ?? pick(f, 'vsz'), anonRssKb: pick(f, 'anon-rss'),
    fileRssKb: pick(f, 'file-rss'), shmemRssKb: pick(f, 'shmem-rss'),
  });
  return true;
}

/** The kill, the constraint line, a panic: true/false when the line is one of them, else null. */
export function absorbKill(o: Open, body: string): boolean | null {
  const { ev, st } = o;
  const decision = parseDecision(body);
  if (decision) {
    if (o.done || o.pending || ev.killed.length > 0 || ev.kind === 'alloc-failure') return false;
    o.pending = decision;
    o.weak = false;
    if (decision.memcg) st.memcgMarker = true;
    return true;
  }
  const killed = parseKilled(body);
  if (killed) {
    if (!o.pending && (o.done || ev.kind === 'alloc-failure')) return false;
    // The choice and the kill agree, or the kernel sacrificed a child of the chosen task.
    if (o.pending && o.pending.pid === killed.killed.pid) killed.killed.score = o.pending.score;
    o.pending = null;
    ev.killed.push(killed.killed);
    if (killed.memcg) st.memcgMarker = true;
    o.done = true;
    o.weak = false;
    return true;
  }
  const constraint = parseConstraint(body);
  if (constraint) {
    if (o.done || ev.constraintSource === 'printed' || ev.kind === 'alloc-failure') return false;
    Object.assign(ev, { constraint: constraint.constraint, constraintSource: 'printed' });
    ev.memcg = constraint.memcg;
    ev.taskMemcg = constraint.taskMemcg;
    // Only the OOM killer prints this line, and only once it has a victim (dump_oom_summary): a
    // paste that kept it and lost the "Killed process" line still tells who was killed.
    if (constraint.victim) o.summary = constraint.victim;
    return true;
  }
  const panic = parsePanic(body);
  if (panic) {
    if (o.done && !ev.panic && ev.killed.length > 0) return false;
    Object.assign(ev, { panic: true, panicReason: panic });
    o.done = true;
    o.weak = false;
    return true;
  }
  if (isNoKillableLine(body)) {
    if (o.done) return false;
    ev.noKillableProcesses = true;
    o.done = true;
    o.weak = false;
    return true;
  }
  return null;
}
