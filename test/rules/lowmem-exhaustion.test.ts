// lowmem-exhaustion on real hosts: the 2011 i686 Xen incident fires; 64-bit hosts stay quiet.
import rule from '../../src/rules/lowmem-exhaustion.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [
    { name: 'x86_64 host has no lowmem zone', host: 'debian12-x86_64-healthy' },
    { name: 'arm64 global OOM of anonymous memory is not lowmem', host: '5.4-arm64-cma-panic' },
    { name: 'i686 host of 2006 with 217 MB of its 876 MB lowmem free', host: '2.6-i686-highmem-lkml-2006' },
  ],
  fail: [
    {
      name: 'i686 Xen guest, dentry storm', host: '2011-web1-xen-i686-lowmem', messageId: 'exhausted', severity: 'critical',
      advice: ['vfsCachePressure', 'kernel64', 'dropCaches', 'minFreeKbytes'],
      summary: ['664,084 kB of reclaimable slab', '719,320 kB present', 'all_unreclaimable', '149,216 kB free', '99.97%', 'gfp_mask=0xd0', 'order-1 GFP_KERNEL'],
      evidence: ['slab_reclaimable:664084kB', 'all_unreclaimable? yes', 'HighMem free:149216kB', 'Free swap = 524144kB'],
      count: 1,
    },
    {
      name: 'i686 4.9 desktop: lowmem filled by file pages and slab, all_unreclaimable on the node line', host: '4.9-gentoo-i686-lowmem', messageId: 'exhausted',
      summary: ['order-1 GFP_KERNEL_ACCOUNT', '897,016 kB present', 'is marked all_unreclaimable', '41,008 kB free', '265,416 kB free', 'file pages (470,704 kB)'],
      evidence: ['Normal free:41008kB'],
    },
  ],
});
