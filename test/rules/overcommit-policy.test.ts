// overcommit-policy: strict accounting switched on for the snapshot.
import rule from '../../src/rules/overcommit-policy.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [{ name: 'healthy host: heuristic mode 0', host: 'debian12-x86_64-healthy' }],
  fail: [
    { name: 'vm.overcommit_memory = 2, far from the limit', host: 'debian12-x86_64-overcommit-strict', messageId: 'strict', severity: 'info', count: 1,
      advice: ['ratio'], summary: ['vm.overcommit_memory = 2', 'ratio 50%', '12,341,808 kB'], evidence: ['vm.overcommit_memory = 2'] },
  ],
});
