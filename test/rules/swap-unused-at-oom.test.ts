// swap-unused-at-oom: a global OOM with swap nearly all free.
import rule from '../../src/rules/swap-unused-at-oom.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [
    { name: 'memcg OOM: the host was not short', host: 'live-6.18-memcg-v1' },
    { name: 'arm64 board without swap', host: '5.4-arm64-cma-panic' },
  ],
  fail: [
    { name: 'incident: lowmem exhausted with 99.97% of swap free', host: '2011-web1-xen-i686-lowmem', messageId: 'kernelMemory', count: 1,
      advice: ['fixShortage'], summary: ['99.97%', '524,144 kB of 524,284 kB', 'lowmem'], evidence: ['Free swap = 524144kB', 'Total swap = 524284kB'] },
  ],
});
