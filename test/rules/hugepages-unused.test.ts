// hugepages-unused: a 4 GiB hugetlbfs pool nobody maps.
import rule from '../../src/rules/hugepages-unused.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  pass: [{ name: 'healthy host: no pool', host: 'debian12-x86_64-healthy' }],
  fail: [
    { name: 'nr_hugepages = 2048, all free', host: 'debian12-x86_64-hugepages-unused', messageId: 'unused', count: 1, advice: ['shrink'],
      summary: ['2048 of 2048 huge pages', '4,194,304 kB', '17%'], evidence: ['HugePages_Free: 2048'] },
  ],
});
