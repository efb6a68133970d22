// One OOM event under construction: the empty event, and what is decided once it is complete.
import type { OomEvent, OomKilled } from '../kernlog-types.js';
import type { Decision } from './kills.js';

export function emptyEvent(lineNo: number, time: string | null, uptime: number | null): OomEvent {
  return {
    time, trigger: null, gfpMask: null, order: null, constraint: null, memcg: null, cause: null,
    panic: false, killed: [], zones: [],
    kind: 'oom-kill', uptimeSeconds: uptime, gfpFlags: [], memcgUsage: null, memInfo: {}, buddy: [],
    swap: null, pageCounts: {}, tasks: [], callTrace: [], headerMissing: true,
    lines: { first: lineNo, last: lineNo }, text: [],
    nodes: [], hugepages: [], memcgCounters: {}, memcgStats: [], taskMemcg: null,
    constraintSource: null, panicReason: null, noKillableProcesses: false, kernelRelease: null, textOmitted: 0, tasksOmitted: 0,
    unreclaimableSlab: [], unreclaimableSlabPrinted: false,
  };
}

/**
 * A choice printed ("Kill process N … score S") whose "Killed process" line never came; else the
 * victim the 4.19+ summary line named (`summary`) in an excerpt cut at its top that kept no kill line.
 * A whole dump whose summary is followed by no kill is not one: a vendor hook (arm64 5.4's
 * out_of_memory_reboot) prints the dump with its summary, then fails its own allocation, killing nobody.
 */
export function settleDecision(ev: OomEvent, pending: Decision | null, summary?: OomKilled): void {
  if (!pending) {
    if (summary && ev.headerMissing && ev.killed.length === 0 && !ev.panic) ev.killed.push(summary);
    return;
  }
  ev.killed.push({
    pid: pending.pid, comm: pending.comm, score: pending.score,
    totalVmKb: null, anonRssKb: null, fileRssKb: null, shmemRssKb: null,
  });
}

/**
 * The constraint when the kernel did not print it. Kernels before 4.19 print no constraint line:
 * a memcg OOM shows itself by its memcg block ("Task in … killed as a result of limit of …",
 * "memory: usage …") or by "Memory cgroup out of memory:"; a cpuset or mempolicy OOM of those
 * kernels is not told apart in the log, so what has no memcg marker is taken as global
 * (constraintSource says so). An allocation failure has no constraint.
 */
export function settleConstraint(ev: OomEvent, memcgMarker: boolean): void {
  if (ev.kind === 'alloc-failure') {
    ev.constraint = null;
    ev.constraintSource = null;
    return;
  }
  if (ev.constraint === null) {
    ev.constraint = memcgMarker ? 'memcg' : 'global';
    ev.constraintSource = memcgMarker ? 'memcg-marker' : 'default-global';
  }
  if (ev.constraint === 'memcg') ev.kind = 'memcg-oom';
  ev.memcgUsage = ev.memcgCounters.memory ?? null;
}
