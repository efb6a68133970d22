// memcg-oom: the cgroup, its limit and usage, who was killed, on live and public memcg dumps.
import rule from '../../src/rules/memcg-oom.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [
    { name: 'incident: global OOMs only', host: '2011-web1-xen-i686-lowmem' },
    { name: 'arm64 global OOM', host: '5.4-arm64-cma-panic' },
    { name: 'a boot log without any OOM', host: 'debian12-x86_64-boot-dmesg' },
  ],
  fail: [
    { name: 'live cgroup v1 kill on this machine', host: 'live-6.18-memcg-v1', messageId: 'limit', severity: 'warning', count: 1, advice: ['inspect', 'raise'],
      summary: ['/hostsnap-test-17292-1', '65,536 kB', 'failcnt 54', 'node (pid 17520)'], evidence: ['memory: usage 65536kB, limit 65536kB'] },
    { name: '5.19 cgroup v2 with nothing killable', host: '5.19-gcp-memcg-v2', messageId: 'noVictim', summary: ['524,288 kB', 'failcnt 142151742'] },
    { name: 'live cgroup v1 filled by epoll watches (kmem): find the holder, not a higher limit', host: 'live-6.18-memcg-slab-unreclaimable',
      messageId: 'limit', count: 1, advice: ['inspect', 'kernelObjects'], summary: ['/hostsnap-slab-13554-1', '65,536 kB'] },
    { name: '3.10 memcg OOM turned into a panic', host: '3.10-rhel7-kvm-memcg-panic', messageId: 'panic', severity: 'critical', advice: ['panicOnOom', 'inspect'] },
  ],
});
