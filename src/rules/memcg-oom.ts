// memcg-oom: a memory cgroup hit its limit: which cgroup, its limit and usage, who was killed.
import { defineRule } from './define.js';
import { cgroupOf, evidence, formatKb, kB, listOf, oomEvents, shellSafe, who } from './helpers.js';

export default defineRule({
  meta: {
    id: 'memcg-oom',
    severity: 'warning',
    title: 'A memory cgroup reached its limit',
    description: 'OOM kills inside a memory cgroup (a container, a systemd unit with MemoryMax/MemoryLimit): the cgroup, not the host, ran out; the fix is the limit or the workload in it.',
    messages: {
      limit:
        'The memory cgroup {{cgroup}} reached its limit{{times}} of {{limit}} (usage {{usage}}, failcnt {{failcnt}}) and the kernel killed {{killed}}; the host itself was not short of memory.',
      panic: 'The memory cgroup {{cgroup}} reached its limit{{times}} of {{limit}} (usage {{usage}}) and, with vm.panic_on_oom = 2, the kernel panicked instead of killing inside it.',
      noVictim: 'The memory cgroup {{cgroup}} reached its limit{{times}} of {{limit}} (usage {{usage}}, failcnt {{failcnt}}) but had no killable process (oom_score_adj -1000): the cgroup stays stuck at its limit.',
    },
    advice: {
      inspect: {
        text: 'Look at what the cgroup holds and how often it hits the limit before raising it.',
        commands: [
          'cat /sys/fs/cgroup/memory{{cgroupPath}}/memory.max_usage_in_bytes /sys/fs/cgroup/memory{{cgroupPath}}/memory.failcnt   # cgroup v1',
          'cat /sys/fs/cgroup{{cgroupPath}}/memory.events /sys/fs/cgroup{{cgroupPath}}/memory.stat   # cgroup v2',
        ],
      },
      raise: {
        text: 'If the workload legitimately needs more, raise the limit where it is set (systemd MemoryMax=, docker --memory, Kubernetes resources.limits.memory); if usage grows without bound, it is a leak in the workload and a higher limit only delays the kill.',
        commands: ['systemctl set-property <unit> MemoryMax=<bytes>', 'echo <bytes> > /sys/fs/cgroup/memory{{cgroupPath}}/memory.limit_in_bytes   # cgroup v1, not persistent'],
        preconditions: 'The host has the memory to spare (see MemAvailable).',
        risk: 'A higher limit lets one cgroup take memory from the rest of the host.',
      },
      kernelObjects: {
        text: 'The cgroup was filled by kernel objects its tasks hold (open files, sockets, epoll watches, pipes: kmem), not by their own pages: find the task that holds them; a higher limit only delays the kill.',
        commands: [
          'cat /sys/fs/cgroup/memory{{cgroupPath}}/memory.kmem.usage_in_bytes   # cgroup v1',
          'grep -E "^(slab|slab_unreclaimable|kernel|sock) " /sys/fs/cgroup{{cgroupPath}}/memory.stat   # cgroup v2',
          'for p in $(cat /sys/fs/cgroup/memory{{cgroupPath}}/cgroup.procs); do echo "$p $(ls /proc/$p/fd | wc -l)"; done | sort -k2 -n | tail',
        ],
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
    // One finding per cgroup: a cgroup that hits its limit again and again is one problem.
    const byCgroup = new Map<string, ReturnType<typeof oomEvents>>();
    for (const item of oomEvents(facts)) {
      if (item.event.constraint !== 'memcg') continue;
      const key = cgroupOf(item.event);
      byCgroup.set(key, [...(byCgroup.get(key) ?? []), item]);
    }
    for (const [cgroup, items] of byCgroup) {
      const { event } = items[items.length - 1];
      const usage = event.memcgCounters.memory ?? event.memcgUsage;
      const killed = items.flatMap((i) => i.event.killed);
      const panic = items.some((i) => i.event.panic);
      // The classifier says slab_leak when unreclaimable kernel memory, not the tasks' pages, filled it.
      const kernelObjects = items.some((i) => i.event.cause === 'slab_leak');
      const messageId = panic ? 'panic' : killed.length === 0 && items.some((i) => i.event.noKillableProcesses) ? 'noVictim' : 'limit';
      const lines = items.flatMap(({ event: e, source }) => e.text
        .filter((l) => /constraint=|memory: usage|Memory cgroup out of memory|Killed process|Kill process|as a result of limit|Kernel panic/.test(l))
        .map((l) => evidence(source, l, [cgroup, usage?.limitKb ? `limit ${usage.limitKb}kB` : null, usage?.usageKb ? `usage ${usage.usageKb}kB` : null, ...e.killed.map((k) => `${k.pid}`)])));
      context.report({
        messageId,
        severity: panic ? 'critical' : 'warning',
        data: {
          cgroup,
          cgroupPath: cgroup.startsWith('/') ? shellSafe(cgroup, '/<cgroup>') : '/<cgroup>',
          times: items.length > 1 ? `, ${items.length} times,` : '',
          limit: usage?.limitKb ? `${kB(usage.limitKb)} (${formatKb(usage.limitKb)})` : 'an unknown size',
          usage: usage?.usageKb ? kB(usage.usageKb) : 'unknown',
          failcnt: usage?.failcnt ?? 'unknown',
          killed: killed.length === 0 ? 'nothing' : listOf(killed.map((k) => who(k.comm, k.pid))),
        },
        evidence: lines.slice(0, 12),
        advice: panic ? ['panicOnOom', 'inspect'] : kernelObjects ? ['inspect', 'kernelObjects'] : ['inspect', 'raise'],
      });
    }
  },
});
