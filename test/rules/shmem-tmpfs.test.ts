// shmem-tmpfs: an 8 GiB file on /dev/shm of a 24 GB host.
import rule from '../../src/rules/shmem-tmpfs.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [{ name: 'healthy host: 9 MB of shmem', host: 'debian12-x86_64-healthy' }],
  fail: [
    { name: '8 GiB written to /dev/shm', host: 'debian12-x86_64-shmem-8g', messageId: 'large', count: 1, advice: ['find', 'limit'],
      summary: ['8,397,560 kB', '34%', 'no swap'], evidence: ['Shmem: 8397560 kB'] },
  ],
});
