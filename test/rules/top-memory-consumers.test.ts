// top-memory-consumers: ps of a live host, or the OOM task dump of a log.
import rule from '../../src/rules/top-memory-consumers.js';
import { runRuleTests } from './tester.js';

runRuleTests(rule, {
  // Informational: it speaks whenever ps or an OOM task list is there, so no quiet case.
  pass: [],
  fail: [
    { name: 'incident: the OOM task dump', host: '2011-web1-xen-i686-lowmem', messageId: 'oomTasks', severity: 'info', summary: ['apache2 (pid 31143) 10,756 kB'], evidence: ['[31143]'] },
    { name: 'live host: ps', host: 'debian12-x86_64-healthy', messageId: 'ps', severity: 'info', summary: ['of RAM'] },
  ],
});
