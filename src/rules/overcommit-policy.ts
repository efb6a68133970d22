// overcommit-policy: vm.overcommit_memory/ratio against Committed_AS and CommitLimit.
import { memoryView } from '../facts/memory.js';
import { defineRule } from './define.js';
import { evidence, formatPct, kB, sysctlValue } from './helpers.js';

/** Under strict accounting, commitments above this share of CommitLimit make malloc/fork fail soon. */
const NEAR_LIMIT = 0.9;

export default defineRule({
  meta: {
    id: 'overcommit-policy',
    severity: 'warning',
    title: 'Memory overcommit policy',
    description: 'vm.overcommit_memory decides whether the kernel refuses allocations up front: 0 heuristic (default), 1 always allow, 2 strict (CommitLimit = swap + overcommit_ratio% of RAM). Under mode 2, Committed_AS near CommitLimit means malloc() and fork() start failing with ENOMEM while RAM may be free.',
    messages: {
      nearLimit: 'Strict overcommit (vm.overcommit_memory = 2, ratio {{ratio}}%): Committed_AS is {{committed}}, {{pct}} of CommitLimit {{limit}}; allocations and fork() will fail with ENOMEM {{freeNote}}.',
      strict: 'Strict overcommit is on (vm.overcommit_memory = 2, ratio {{ratio}}%): CommitLimit is {{limit}} of {{total}} RAM, {{pct}} of it committed.',
      always: 'vm.overcommit_memory = 1: the kernel never refuses an allocation, so memory shortages end in the OOM killer rather than in ENOMEM (Committed_AS {{committed}}, {{pct}} of RAM + swap).',
    },
    advice: {
      ratio: {
        text: 'Raise vm.overcommit_ratio (now {{ratio}}) or add swap so that CommitLimit covers what the workload commits, or return to the heuristic mode 0; persist in /etc/sysctl.d/90-hostsnap.conf.',
        commands: ['grep -E "Commit" /proc/meminfo', 'sysctl -w vm.overcommit_ratio=80', "echo 'vm.overcommit_ratio = 80' >> /etc/sysctl.d/90-hostsnap.conf"],
        preconditions: 'Mode 2 is usually chosen on purpose (databases that prefer ENOMEM to being killed): ask why before changing the mode.',
        risk: 'A higher limit lets more be committed than RAM and swap can back: the OOM killer again becomes possible.',
      },
      heuristic: {
        text: 'Unless an application requires mode 1 (some in-memory databases ask for it), the default heuristic mode 0 refuses absurd allocations.',
        commands: ['sysctl -w vm.overcommit_memory=0', "echo 'vm.overcommit_memory = 0' >> /etc/sysctl.d/90-hostsnap.conf"],
        risk: 'Redis and similar (fork for snapshots) may log warnings or fail to fork under mode 0 on small hosts.',
      },
    },
  },
  requires: ['sysctl', 'proc-meminfo'],
  check(facts, context) {
    const mode = sysctlValue(facts, 'vm.overcommit_memory');
    const ratio = sysctlValue(facts, 'vm.overcommit_ratio') ?? 'unknown';
    const mem = memoryView(facts);
    if (mode === null || !mem || mem.committedAsKb === null || mem.commitLimitKb === null) return;
    const committed = mem.committedAsKb;
    const limit = mem.commitLimitKb;
    const ev = [
      evidence('sysctl', `vm.overcommit_memory = ${mode}, vm.overcommit_ratio = ${ratio}`, [`vm.overcommit_memory = ${mode}`]),
      evidence('proc-meminfo', `CommitLimit: ${limit} kB, Committed_AS: ${committed} kB`, [`Committed_AS: ${committed} kB`, `CommitLimit: ${limit} kB`]),
    ];
    if (mode === '2') {
      const near = committed >= NEAR_LIMIT * limit;
      context.report({
        messageId: near ? 'nearLimit' : 'strict',
        severity: near ? 'warning' : 'info',
        data: {
          ratio, committed: kB(committed), limit: kB(limit), pct: formatPct(committed, limit), total: kB(mem.totalKb),
          freeNote: mem.availableKb !== null ? `even though ${kB(mem.availableKb)} is available` : 'whatever RAM is free',
        },
        evidence: ev,
        advice: ['ratio'],
      });
    } else if (mode === '1') {
      context.report({
        messageId: 'always',
        severity: 'info',
        data: { committed: kB(committed), pct: formatPct(committed, mem.totalKb + mem.swapTotalKb), ratio },
        evidence: ev,
        advice: ['heuristic'],
      });
    }
  },
});
