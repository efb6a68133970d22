// psi-memory-pressure: /proc/pressure/memory (no real fixture with memory stalls yet; see the report).
import rule from '../../src/rules/psi-memory-pressure.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [
    { name: 'healthy host: no memory stall', host: 'debian12-x86_64-healthy' },
    { name: 'host with a 4 GiB idle huge page pool: still no stall', host: 'debian12-x86_64-hugepages-unused' },
  ],
  fail: [],
});
