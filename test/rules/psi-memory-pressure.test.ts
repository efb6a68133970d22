// psi-memory-pressure: swap thrashing made in a memory cgroup on this machine, light and heavy.
import rule from '../../src/rules/psi-memory-pressure.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [
    { name: 'healthy host: no memory stall', host: 'debian12-x86_64-healthy' },
    { name: 'one process thrashing in a cgroup: some avg60 5.36%, full avg10 2.18%', host: 'debian12-x86_64-psi-light' },
  ],
  fail: [
    { name: 'three processes thrashing: some avg60 21.26%, full avg10 13.69%', host: 'debian12-x86_64-psi-thrashing', messageId: 'pressure', count: 1,
      advice: ['findWho', 'oomd'], summary: ['21.26%', '13.69%'], evidence: ['some avg10=30.21 avg60=21.26 avg300=7.12'] },
  ],
});
