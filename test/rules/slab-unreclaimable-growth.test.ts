// slab-unreclaimable-growth: SUnreclaim large against RAM (no real fixture fires it yet; see the report).
import rule from '../../src/rules/slab-unreclaimable-growth.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [
    { name: 'healthy host: 24 MB unreclaimable in 24 GB', host: 'debian12-x86_64-healthy' },
    { name: 'incident: slab is reclaimable (dentries), not unreclaimable', host: '2011-web1-xen-i686-lowmem' },
    { name: '3.10 memcg panic dump', host: '3.10-rhel7-kvm-memcg-panic' },
  ],
  fail: [],
});
