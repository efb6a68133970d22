// processes-d-state: three frozen processes (cgroup v1 freezer reports them in D).
import rule from '../../src/rules/processes-d-state.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [
    { name: 'healthy host: no D process', host: 'debian12-x86_64-healthy' },
    { name: 'a boot log without hung tasks', host: 'debian12-x86_64-boot-dmesg' },
  ],
  fail: [
    { name: 'three sleeps frozen in a freezer cgroup', host: 'debian12-x86_64-d-state-frozen', messageId: 'stuck', severity: 'warning', count: 1,
      advice: ['where', 'storage'], summary: ['3 process(es)', 'sleep (pid 26843)', 'sleep (pid 26845)'], evidence: ['26844 D sleep 300'] },
  ],
});
