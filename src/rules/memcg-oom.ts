// memcg-oom: a memory cgroup hit its limit: which cgroup, its limit and usage, who was killed.
import { defineRule } from './define.js';
import { cgroupOf, evidence, formatKb, kB, killedList, oomEvents } from './helpers.js';

export default defineRule({
  meta: {
    id: 'memcg-oom',
    severity: 'warning',
    title: 'A memory cgroup reached its limit',
    description: 'OOM kills inside a memory cgroup (a container, a systemd unit with MemoryMax/MemoryLimit): the cgroup, not the host, ran out; the fix is the limit or the workload in it.',
    messages: {
      limit:
        'The memory cgroup {{cgroup}} reached its limit of {{limit}} (usage {{usage}}, failcnt {{failcnt}}) and the kernel killed {{killed}}; the host itself was not short of memory.',
      panic: 'The memory cgroup {{cgroup}} reached its limit of {{limit}} (usage {{usage}}) and, with vm.panic_on_oom = 2, the kernel panicked instead of killing inside it.',
      noVictim: 'The memory cgroup {{cgroup}} reached its limit of {{limit}} (usage {{usage}}, failcnt {{failcnt}}) but had no killable process (oom_score_adj -1000): the cgroup stays stuck at its limit.',
    },
    advice: {
      inspect: {
        text: 'Look at what the cgroup holds and how often it hits the limit before raising it.',
        commands: [
          'cat /sys/fs/cgroup/memory{{cgroup}}/memory.max_usage_in_bytes /sys/fs/cgroup/memory{{cgroup}}/memory.failcnt   # cgroup v1',
          'cat /sys/fs/cgroup{{cgroup}}/memory.events /sys/fs/cgroup{{cgroup}}/memory.stat   # cgroup v2',
        ],
      },
      raise: {
        text: 'If the workload legitimately needs more, raise the limit where it is set (systemd MemoryMax=, docker --memory, Kubernetes resources.limits.memory); if usage grows without bound, it is a leak in the workload and a higher limit only delays the kill.',
        commands: ['systemctl set-property <unit> MemoryMax=<bytes>', 'echo <bytes> > /sys/fs/cgroup/memory{{cgroup}}/memory.limit_in_bytes   # cgroup v1, not persistent'],
        preconditions: 'The host has the memory to spare (see MemAvailable).',
        risk: 'A higher limit lets one cgroup take memory from the rest of the host.',
      },
      panicOnOom: {
        text: 'vm.panic_on_oom = 2 turns every cgroup OOM into a host panic; set it to 0 unless a cluster manager relies on the reboot.',
        commands: ['sysctl vm.panic_on_oom', 'sysctl -w vm.panic_on_oom=0', "echo 'vm.panic_on_oom = 0' >> /etc/sysctl.d/90-hostsnap.conf"],
        risk: 'Failover setups that expect a panic to fence the node lose that behaviour.',
      },
    },
  },
  requires: ['kernel-log'],
  check(facts, context) {
    for (const { event, source } of oomEvents(facts)) {
      if (event.constraint !== 'memcg') continue;
      const usage = event.memcgCounters.memory ?? event.memcgUsage;
      const cgroup = cgroupOf(event);
      const lines = event.text.filter((l) => /constraint=|memory: usage|Memory cgroup out of memory|Killed process|Kill process|as a result of limit|Kernel panic/.test(l));
      const messageId = event.panic ? 'panic' : event.killed.length === 0 && event.noKillableProcesses ? 'noVictim' : 'limit';
      context.report({
        messageId,
        severity: event.panic ? 'critical' : 'warning',
        data: {
          cgroup,
          limit: usage?.limitKb ? `${kB(usage.limitKb)} (${formatKb(usage.limitKb)})` : 'an unknown size',
          usage: usage?.usageKb ? kB(usage.usageKb) : 'unknown',
          failcnt: usage?.failcnt ?? 'unknown',
          killed: killedList(event),
        },
        evidence: lines.map((l) => evidence(source, l, [cgroup, usage?.limitKb ? `limit ${usage.limitKb}kB` : null, usage?.usageKb ? `usage ${usage.usageKb}kB` : null, ...event.killed.map((k) => `${k.pid}`)])),
        advice: event.panic ? ['panicOnOom', 'inspect'] : ['inspect', 'raise'],
      });
    }
  },
});
