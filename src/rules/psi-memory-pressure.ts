// psi-memory-pressure: time lost to memory stalls (PSI, /proc/pressure/memory, kernels 4.20+).
import type { PressureFacts } from '../parsers/pressure.js';
import { defineRule } from './define.js';
import { evidence } from './helpers.js';

// "some": at least one task stalled on memory; "full": all non-idle tasks stalled at once.
// Thresholds from the PSI documentation's examples and systemd-oomd's default (full avg10 ≥ 20…):
// a few % of "some" is reclaim doing its job; sustained "full" is thrashing.
const SOME_AVG60 = 10;
const FULL_AVG10 = 5;

export default defineRule({
  meta: {
    id: 'psi-memory-pressure',
    severity: 'warning',
    title: 'Tasks stall on memory (PSI)',
    description: 'Pressure stall information measures the share of wall time tasks waited for memory (reclaim, swap-in, refaults); it shows thrashing before the OOM killer does.',
    messages: {
      pressure: 'Tasks stalled on memory {{some60}}% of the last minute (some avg60; avg10 {{some10}}%, avg300 {{some300}}%), and all tasks at once {{full10}}% of the last 10 s (full avg10): the host is reclaiming or swapping hard.',
    },
    advice: {
      findWho: {
        text: 'Find who is short: per-cgroup pressure and the largest consumers.',
        commands: ['cat /proc/pressure/memory', 'grep . /sys/fs/cgroup/*/memory.pressure 2>/dev/null', 'ps -eo pid,rss,comm --sort=-rss | head'],
      },
      oomd: {
        text: 'Where thrashing recurs, let a userspace OOM handler act on pressure before the host freezes (systemd-oomd, earlyoom), or add memory.',
        commands: ['systemctl status systemd-oomd'],
        risk: 'A pressure-based killer kills earlier than the kernel would.',
      },
    },
  },
  requires: ['proc-pressure-memory'],
  check(facts, context) {
    const p = facts.bySource.get('proc-pressure-memory') as PressureFacts;
    const some = p.some;
    const full = p.full;
    if (!some) return;
    if (some.avg60 < SOME_AVG60 && (full?.avg10 ?? 0) < FULL_AVG10) return;
    context.report({
      messageId: 'pressure',
      data: { some60: some.avg60, some10: some.avg10, some300: some.avg300, full10: full?.avg10 ?? 0 },
      evidence: [
        evidence('proc-pressure-memory', `some avg10=${some.avg10} avg60=${some.avg60} avg300=${some.avg300}`, [`avg60=${some.avg60}`]),
        ...(full ? [evidence('proc-pressure-memory', `full avg10=${full.avg10} avg60=${full.avg60} avg300=${full.avg300}`, [`avg10=${full.avg10}`])] : []),
      ],
      advice: ['findWho', 'oomd'],
    });
  },
});
