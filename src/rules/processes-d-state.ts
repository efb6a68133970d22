// processes-d-state: processes in uninterruptible sleep (D) and the kernel's hung-task reports.
import type { Evidence } from '../analysis/types.js';
import { defineRule } from './define.js';
import { evidence, listOf } from './helpers.js';

/** A few D processes come and go with normal disk I/O; this many at once is a stall. */
const MANY = 3;

export default defineRule({
  meta: {
    id: 'processes-d-state',
    severity: 'warning',
    title: 'Processes stuck in uninterruptible sleep (D)',
    description: 'A process in D state waits inside the kernel (disk or NFS I/O, a lock, page reclaim) and cannot be killed; many of them, or hung-task reports, mean storage or memory reclaim is stalled. Each one adds 1 to the load average.',
    messages: {
      stuck: '{{count}} process(es) in uninterruptible sleep (D): {{list}}.',
      hung: 'The kernel reported {{hungCount}} hung task(s) blocked for more than {{seconds}} seconds: {{hungList}}.{{psNote}}',
    },
    advice: {
      where: {
        text: 'See where each D process waits in the kernel (its wait channel and stack) and which device or mount it uses.',
        commands: ['ps -eo pid,stat,wchan:32,comm | awk \'$2 ~ /^D/\'', 'cat /proc/<pid>/stack', 'echo w > /proc/sysrq-trigger; dmesg | tail -50'],
        preconditions: 'Root; sysrq must be enabled (kernel.sysrq).',
        risk: 'sysrq-w only prints; it changes nothing.',
      },
      storage: {
        text: 'D states on one mount usually mean a slow or unreachable device or NFS server: check it before killing anything (killing does not work on D).',
        commands: ['iostat -x 1 3', 'mount | grep -E "nfs|cifs|fuse"'],
      },
    },
  },
  requires: [['ps', 'kernel-log']],
  check(facts, context) {
    const logs = ['dmesg', 'kern-log'].flatMap((id) => {
      const f = facts.bySource.get(id) as import('../parsers/kernlog-types.js').KernlogFacts | undefined;
      return (f?.hungTasks ?? []).map((h) => ({ ...h, source: id }));
    });
    const ps = facts.parsed.ps?.processes.filter((p) => p.stat.startsWith('D')) ?? [];
    const psEvidence: Evidence[] = ps.slice(0, 10).map((p) => evidence('ps', `${p.pid} ${p.stat} ${p.command}`, [p.stat]));
    if (logs.length > 0) {
      context.report({
        messageId: 'hung',
        data: {
          hungCount: logs.length,
          seconds: Math.min(...logs.map((h) => h.seconds ?? 120)),
          hungList: listOf([...new Set(logs.map((h) => `${h.comm}${h.pid !== null ? ` (pid ${h.pid})` : ''}`))].slice(0, 8)),
          psNote: ps.length > 0 ? ` ${ps.length} process(es) are in D state in ps now.` : '',
        },
        evidence: [...logs.slice(0, 5).map((h) => evidence(h.source, h.line, ['blocked for more than'])), ...psEvidence],
        advice: ['where', 'storage'],
      });
      return;
    }
    if (ps.length === 0) return;
    context.report({
      messageId: 'stuck',
      severity: ps.length >= MANY ? 'warning' : 'info',
      data: { count: ps.length, list: listOf(ps.slice(0, 8).map((p) => `${p.comm ?? p.command} (pid ${p.pid})`)) },
      evidence: psEvidence,
      advice: ['where', 'storage'],
    });
  },
});
