// slab-reclaimable-bloat: dentry/inode caches filling lowmem (incident) with the rm that fed them.
import rule from '../../src/rules/slab-reclaimable-bloat.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [
    { name: 'healthy host: 84 MB of reclaimable slab in 24 GB', host: 'debian12-x86_64-healthy' },
    { name: 'arm64 OOM of anonymous memory', host: '5.4-arm64-cma-panic' },
  ],
  fail: [
    { name: 'incident: 92% of ZONE_NORMAL, rm reading metadata', host: '2011-web1-xen-i686-lowmem', messageId: 'bloatWithProducer',
      advice: ['vfsCachePressure', 'dropCaches'], summary: ['664,084 kB', '92%', 'rm (pid 15100)', '3257 kB/s'], evidence: ['slab_reclaimable:664084kB', 'kB_rd/s=3256.95'] },
  ],
});
