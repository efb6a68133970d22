// memory-fragmentation: buddyinfo with free memory only in small blocks.
import rule from '../../src/rules/memory-fragmentation.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [
    { name: 'healthy host: plenty of order-10 blocks', host: 'debian12-x86_64-healthy' },
    { name: 'incident: the order-1 failure is lowmem, not fragmentation', host: '2011-web1-xen-i686-lowmem' },
  ],
  fail: [
    { name: '2006 i686 host: 205 MB free in Normal, under 1% in 64 kB+ blocks', host: '2.6-i686-highmem-lkml-2006', messageId: 'buddy', count: 1,
      advice: ['compact', 'smallerOrders'], summary: ['Normal', '210,184 kB free', '1,536 kB'], evidence: ['42 18994 3271 131 0 0 0 1 1 0 0'] },
  ],
});
