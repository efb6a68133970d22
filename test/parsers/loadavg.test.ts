// loadavg parser: real /proc/loadavg of 5.8, 5.x and 6.18.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadavg, type LoadavgFacts } from '../../src/parsers/loadavg.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/proc-loadavg', name), 'utf8');

const cases: Array<{ file: string; expect: LoadavgFacts }> = [
  { file: 'ubuntu-5.8-blog-2021.txt', expect: { load1: 0.22, load5: 0.14, load15: 0.1, running: 2, total: 1013, lastPid: 752563 } },
  { file: 'jc-linux-proc-loadavg.txt', expect: { load1: 0, load5: 0.01, load15: 0.03, running: 2, total: 111, lastPid: 2039 } },
  { file: 'debian12-6.18-x86_64.txt', expect: { load1: 0.81, load5: 0.51, load15: 0.25, running: 1, total: 98, lastPid: 9134 } },
];

for (const c of cases) {
  test(`loadavg reads ${c.file}`, () => {
    const result = loadavg.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.facts, c.expect);
  });
}

for (const [name, text] of [['empty', '\n'], ['garbage', 'a b c d/e f\n'], ['uptime', '431.14 679.64\n'], ['huge figure', `0.1 0.2 0.3 1/${'9'.repeat(30)} 5\n`]]) {
  test(`loadavg: ${name} is unparsed with a reason`, () => {
    const result = loadavg.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
