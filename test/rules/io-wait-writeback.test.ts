// io-wait-writeback: the incident's flush-0:17 at 100% CPU, named as writeback of device 0:17.
import rule from '../../src/rules/io-wait-writeback.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [{ name: 'healthy host: wa 0 after the since-boot line', host: 'debian12-x86_64-healthy' }],
  fail: [
    { name: 'incident: flush-0:17 saturated, wa 22%', host: '2011-web1-xen-i686-lowmem', messageId: 'writeback', count: 1,
      advice: ['findDevice', 'whoWrites', 'dirtyRatios'],
      summary: ['flush-0:17 (pid 9871)', '100% CPU', 'writeback thread for block device 0:17', 'anonymous device', 'NFS', '22%'],
      evidence: ['flush-0:17', 'wa=22'] },
  ],
});
