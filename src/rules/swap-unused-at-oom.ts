// swap-unused-at-oom: the kernel ran out of memory with swap nearly all free: why swap did not help.
import { defineRule } from './define.js';
import { currentSysctl, evidence, kB, oomEvents, preciseShare, whenOf } from './helpers.js';

/** Swap at least this free at a global OOM means it was not what was short. */
const FREE_SHARE = 0.9;

export default defineRule({
  meta: {
    id: 'swap-unused-at-oom',
    severity: 'warning',
    title: 'Swap was unused when the OOM killer ran',
    description: 'A global OOM with swap nearly free means the memory that ran out could not be swapped: kernel memory (slab, lowmem), or anonymous memory the kernel chose not to swap.',
    messages: {
      kernelMemory:
        'Swap was {{freePct}} free ({{free}} of {{total}}) when the kernel ran out of memory at {{time}}: the shortage was of {{what}}, which cannot be swapped out, so swap could not help.',
      notSwapping:
        'Swap was {{freePct}} free ({{free}} of {{total}}) when the kernel ran out of memory at {{time}} although anonymous memory filled RAM: the kernel did not swap (vm.swappiness is {{swappiness}}), or the swap device was unusable.',
    },
    advice: {
      fixShortage: { text: 'Adding swap would not prevent this OOM; act on the cause named by the other findings ({{cause}}).' },
      swappiness: {
        text: 'Check that swap is active and raise vm.swappiness (now {{swappiness}}) if anonymous memory should go to swap before the OOM killer runs; persist it in /etc/sysctl.d/90-hostsnap.conf.',
        commands: ['swapon --show', 'sysctl -w vm.swappiness=60', "echo 'vm.swappiness = 60' >> /etc/sysctl.d/90-hostsnap.conf"],
        risk: 'More swapping: latency of processes whose pages were swapped out.',
      },
    },
  },
  requires: ['kernel-log'],
  check(facts, context) {
    const swappiness = currentSysctl(facts, 'vm.swappiness', '60');
    for (const { event, source } of oomEvents(facts)) {
      const swap = event.swap;
      if (!swap || swap.totalKb <= 0 || event.constraint !== 'global' || swap.freeKb < FREE_SHARE * swap.totalKb) continue;
      if (event.cause === 'other' && event.zones.length === 0) continue; // a cut-off dump: its sibling speaks
      const kernelSide = event.cause === 'lowmem' || event.cause === 'slab_leak' || event.cause === 'fragmentation' || event.cause === 'hugepages';
      const lines = event.text.filter((l) => /Free swap|Total swap/.test(l));
      context.report({
        messageId: kernelSide ? 'kernelMemory' : 'notSwapping',
        data: {
          freePct: preciseShare(swap.freeKb, swap.totalKb), free: kB(swap.freeKb), total: kB(swap.totalKb), time: whenOf(event),
          what: event.cause === 'lowmem' ? 'lowmem for kernel allocations' : event.cause === 'fragmentation' ? 'contiguous free blocks' : event.cause === 'hugepages' ? 'memory held by huge pages' : 'kernel slab',
          swappiness, cause: event.cause ?? 'other',
        },
        evidence: lines.map((l) => evidence(source, l, [`${swap.freeKb}kB`, `${swap.totalKb}kB`])),
        advice: kernelSide ? ['fixShortage'] : ['swappiness'],
      });
      return; // one finding: the same swap state repeats across the kills of one episode
    }
  },
});
