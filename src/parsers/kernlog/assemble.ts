// One OOM read as two events because its lines came apart: joined again by their stamps.
//
// A writer who quotes a dump in pieces (the kill line first, the "invoked oom-killer" header last,
// prose between them: a Passenger support answer on GitHub) gives the reader a header with nothing
// after it and, apart from it, a kill whose header is missing. The kernel prints a dump's lines in
// one burst, the header first: a header that ended with no kill and a headerless kill stamped at
// most a second after it are one OOM, whatever their order in the text.
import type { OomEvent } from '../kernlog-types.js';

/** Seconds of uptime within which a header and a kill are one dump's (a dump takes milliseconds). */
const SAME_DUMP_SECONDS = 1;

/** A header whose dump ended before any kill, panic or "no killable" line. */
function headerOnly(e: OomEvent): boolean {
  return !e.headerMissing && e.kind !== 'alloc-failure' && e.killed.length === 0 && !e.panic && !e.noKillableProcesses;
}

/** A kill (or panic) whose header is not in the text before it. */
function orphanKill(e: OomEvent): boolean {
  return e.headerMissing && e.kind !== 'alloc-failure' && (e.killed.length > 0 || e.panic);
}

/**
 * The header stamped before its kill, within a second: the kernel prints the header first. A kill
 * stamped before the header is the previous OOM's (the kernel kills in a loop: one dump's tail, then
 * the next one's header, in the same second). Only uptime stamps order lines finely enough: a wall
 * clock to the second cannot tell those two apart, so such events are never joined.
 */
function headerThenKill(header: OomEvent, kill: OomEvent): boolean {
  if (header.uptimeSeconds === null || kill.uptimeSeconds === null) return false;
  const gap = kill.uptimeSeconds - header.uptimeSeconds;
  return gap >= 0 && gap <= SAME_DUMP_SECONDS;
}

/** Both carry the dump's figures: two dumps, not two halves of one. */
function bothMeasured(a: OomEvent, b: OomEvent): boolean {
  const measured = (e: OomEvent): boolean => e.zones.length > 0 || Object.keys(e.memInfo).length > 0 || e.tasks.length > 0;
  return measured(a) && measured(b);
}

/**
 * A kill whose dump lost its zone lines, and zone lines alone (show-mem.ts), next to each other with
 * no header between them: a writer quoted one dump in two pieces (a knowledge-base article quoting
 * the kill, then "the message log shows the following:" and the zone lines). Stamps, when both
 * pieces carry them, must agree to the second; an unstamped pair is joined on its order alone.
 */
function killAndItsZones(a: OomEvent, b: OomEvent): boolean {
  const [kill, zones] = a.showMemOnly ? [b, a] : [a, b];
  if (!zones.showMemOnly || !orphanKill(kill) || kill.zones.length > 0 || Object.keys(kill.memInfo).length > 0) return false;
  if (kill.uptimeSeconds !== null && zones.uptimeSeconds !== null) return Math.abs(kill.uptimeSeconds - zones.uptimeSeconds) <= SAME_DUMP_SECONDS;
  if (kill.time !== null || zones.time !== null) return kill.time === zones.time;
  return true;
}

/** Whether `b`, read right after `a`, is the rest of the same OOM. */
export function sameOom(a: OomEvent, b: OomEvent): boolean {
  if (killAndItsZones(a, b)) return true;
  if (bothMeasured(a, b)) return false;
  if (headerOnly(a) && orphanKill(b)) return headerThenKill(a, b);
  return headerOnly(b) && orphanKill(a) && headerThenKill(b, a);
}

const CONSTRAINT_RANK = { printed: 3, 'memcg-marker': 2, 'default-global': 1 } as const;
const rank = (e: OomEvent): number => (e.constraintSource === null ? 0 : CONSTRAINT_RANK[e.constraintSource]);

/** The two halves as one event: the header's request, the kill's outcome, both texts in text order. */
export function joinHalves(first: OomEvent, second: OomEvent): OomEvent {
  if (first.headerMissing && second.headerMissing) return joinPieces(first, second);
  const head = first.headerMissing ? second : first;
  const tail = head === first ? second : first;
  const earliest = (first.uptimeSeconds ?? Infinity) <= (second.uptimeSeconds ?? Infinity) ? first : second;
  const decided = rank(tail) > rank(head) ? tail : head;
  return {
    ...tail,
    time: earliest.time ?? head.time, uptimeSeconds: earliest.uptimeSeconds,
    trigger: head.trigger, gfpMask: head.gfpMask, gfpFlags: head.gfpFlags, order: head.order, headerMissing: false,
    kind: tail.kind === 'memcg-oom' || head.kind === 'memcg-oom' ? 'memcg-oom' : head.kind,
    constraint: decided.constraint, constraintSource: decided.constraintSource,
    memcg: head.memcg ?? tail.memcg, taskMemcg: head.taskMemcg ?? tail.taskMemcg, memcgUsage: head.memcgUsage ?? tail.memcgUsage,
    zones: [...head.zones, ...tail.zones], nodes: [...head.nodes, ...tail.nodes], buddy: [...head.buddy, ...tail.buddy],
    hugepages: [...head.hugepages, ...tail.hugepages], tasks: [...head.tasks, ...tail.tasks],
    callTrace: [...head.callTrace, ...tail.callTrace], memcgStats: [...head.memcgStats, ...tail.memcgStats],
    memInfo: { ...head.memInfo, ...tail.memInfo }, pageCounts: { ...head.pageCounts, ...tail.pageCounts },
    memcgCounters: { ...head.memcgCounters, ...tail.memcgCounters }, swap: head.swap ?? tail.swap,
    kernelRelease: head.kernelRelease ?? tail.kernelRelease,
    unreclaimableSlab: [...head.unreclaimableSlab, ...tail.unreclaimableSlab],
    unreclaimableSlabPrinted: head.unreclaimableSlabPrinted || tail.unreclaimableSlabPrinted,
    lines: { first: Math.min(first.lines.first, second.lines.first), last: Math.max(first.lines.last, second.lines.last) },
    text: [...first.text, ...second.text], textOmitted: first.textOmitted + second.textOmitted,
    tasksOmitted: first.tasksOmitted + second.tasksOmitted,
    joinedByStamp: true,
  };
}

/** A kill and its zone lines quoted apart: one event, still without a header, kill first. */
function joinPieces(first: OomEvent, second: OomEvent): OomEvent {
  const [kill, zones] = first.showMemOnly ? [second, first] : [first, second];
  return {
    ...kill,
    zones: [...kill.zones, ...zones.zones], nodes: [...kill.nodes, ...zones.nodes], buddy: [...kill.buddy, ...zones.buddy],
    memInfo: { ...zones.memInfo, ...kill.memInfo }, pageCounts: { ...zones.pageCounts, ...kill.pageCounts },
    swap: kill.swap ?? zones.swap, hugepages: [...kill.hugepages, ...zones.hugepages],
    lines: { first: Math.min(first.lines.first, second.lines.first), last: Math.max(first.lines.last, second.lines.last) },
    text: [...first.text, ...second.text], textOmitted: first.textOmitted + second.textOmitted,
    showMemOnly: undefined, zonesQuotedApart: true,
  };
}
