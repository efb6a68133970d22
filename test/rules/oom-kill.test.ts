// oom-kill: every OOM event summarised, on real logs of 2.6.39, 3.10, 5.4 arm64, 5.19 and 6.18.
import rule from '../../src/rules/oom-kill.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [{ name: 'a boot log without any OOM', host: 'debian12-x86_64-boot-dmesg' }],
  fail: [
    { name: 'incident: two global lowmem kills', host: '2011-web1-xen-i686-lowmem', messageId: 'events', severity: 'critical', count: 1,
      summary: ['2 out-of-memory event(s)', 'portmap (pid 2190)', 'rpc.statd (pid 2196)', 'apache2 (pid 31143)', 'lowmem'], evidence: ['Killed process 2196 (rpc.statd)'] },
    { name: 'live memcg kill is a warning, not critical', host: 'live-6.18-memcg-v1', messageId: 'events', severity: 'warning', summary: ['memcg OOM in /hostsnap-test-17292-1', 'node (pid 17520)'] },
    { name: 'arm64 compulsory panic', host: '5.4-arm64-cma-panic', messageId: 'events', severity: 'critical', summary: ['panicked'] },
  ],
});
