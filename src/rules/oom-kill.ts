// oom-kill: every OOM event of the kernel log, summarised: trigger, request, constraint, cause, victims.
import { gfpName } from '../facts/gfp.js';
import type { ClassifiedOomEvent } from '../analysis/types.js';
import { defineRule } from './define.js';
import { cgroupOf, evidence, killedList, listOf, oomEvents, who, whenOf } from './helpers.js';

/** Events recited in the summary; the evidence and oomEvents keep every one. */
const MAX_LISTED = 5;

const CAUSE_WORDS: Record<string, string> = {
  anon: 'anonymous memory of processes filled RAM',
  lowmem: 'lowmem (DMA+Normal of a 32-bit kernel) was exhausted',
  fragmentation: 'no free block of the requested order (fragmentation)',
  shmem: 'shmem/tmpfs filled memory',
  slab_leak: 'unreclaimable kernel slab filled memory',
  hugepages: 'reserved huge pages took the memory',
  memcg_limit: 'a memory cgroup reached its limit',
  other: 'no single dominant cause in the dump',
};

function sentence(e: ClassifiedOomEvent): string {
  const when = whenOf(e);
  const request = e.trigger
    ? `${who(e.trigger.comm, e.trigger.pid)} asked for ${e.order === null ? 'memory' : `an order-${e.order} ${gfpName(e)} allocation`}`
    : 'a task whose request is not in the excerpt';
  const outcome = e.panic ? 'the kernel panicked instead of killing' : e.kind === 'alloc-failure' ? 'the allocation failed (no kill)' : `the kernel killed ${killedList(e)}`;
  const scope = e.constraint === 'memcg' ? `memcg OOM in ${cgroupOf(e)}` : `${e.constraint ?? 'unconstrained'} ${e.kind === 'alloc-failure' ? 'allocation failure' : 'OOM'}`;
  return `${when}: ${request}; ${scope}${e.constraintInferred ? ' (inferred)' : ''}, ${CAUSE_WORDS[e.cause ?? 'other']}; ${outcome}`;
}

export default defineRule({
  meta: {
    id: 'oom-kill',
    severity: 'critical',
    title: 'The kernel ran out of memory',
    description: 'Every OOM-killer run, OOM panic and page allocation failure in the kernel log, with what triggered it, its constraint and cause, and who was killed.',
    messages: {
      events: '{{count}} out-of-memory event(s) in the kernel log, {{killedCount}} process(es) killed: {{list}}.',
    },
    advice: {
      readCause: {
        text: 'Each event carries its cause and reasoning (oomEvents[].why in the JSON); the other findings of this report say what to change for each cause.',
      },
      oomScore: {
        text: 'Protect processes that must survive (sshd, the database) and make expendable ones the first victims through oom_score_adj, rather than hoping the killer chooses well.',
        commands: ['cat /proc/<pid>/oom_score', 'echo -500 > /proc/<pid>/oom_score_adj', 'systemctl edit <unit>   # [Service] OOMScoreAdjust=-500'],
        preconditions: 'Per process; a systemd unit persists it with OOMScoreAdjust=.',
        risk: 'At -1000 a process is never killed: if it is the one growing, the host panics or hangs instead.',
      },
    },
  },
  requires: ['kernel-log'],
  check(facts, context) {
    const all = oomEvents(facts);
    if (all.length === 0) return;
    const killed = all.flatMap(({ event }) => event.killed);
    const ev = all.flatMap(({ event, source }) => {
      const head = event.text.find((l) => /invoked oom-killer|page allocation failure|Memory cgroup out of memory|Kernel panic/.test(l));
      const kills = event.text.filter((l) => /Killed process|Kill process|oom_reaper: reaped/.test(l)).slice(0, 3);
      return [...(head ? [head] : []), ...kills].map((l) =>
        evidence(source, l, [event.gfpMask ? `gfp_mask=${event.gfpMask}` : null, event.order !== null ? `order=${event.order}` : null, ...event.killed.map((k) => `${k.pid} (${k.comm})`)]));
    });
    const severe = all.some(({ event }) => event.panic || (event.constraint !== 'memcg' && event.kind !== 'alloc-failure'));
    context.report({
      messageId: 'events',
      severity: severe ? 'critical' : 'warning',
      data: {
        count: all.length,
        killedCount: killed.length,
        // The last events matter most; a long history is counted, not recited.
        list: all.length <= MAX_LISTED
          ? listOf(all.map(({ event }) => sentence(event)))
          : `${all.length - MAX_LISTED} earlier, then ${listOf(all.slice(-MAX_LISTED).map(({ event }) => sentence(event)))}`,
      },
      evidence: ev,
      advice: ['readCause', 'oomScore'],
    });
  },
});
