// pressure parser: real /proc/pressure/{cpu,memory,io} of 5.8 (cpu without "full") and 6.18.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { pressure, type PressureFacts } from '../../src/parsers/pressure.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (source: string, name: string): string => readFileSync(repoPath('test/fixtures/sources', source, name), 'utf8');

const cases: Array<{ source: string; file: string; expect: PressureFacts }> = [
  { source: 'proc-pressure-cpu', file: 'ubuntu-5.8-blog-2021.txt',
    expect: { some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 2344622763 }, full: null } },
  { source: 'proc-pressure-memory', file: 'ubuntu-5.8-blog-2021.txt',
    expect: { some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 31812811 }, full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 15845529 } } },
  { source: 'proc-pressure-io', file: 'ubuntu-5.8-blog-2021.txt',
    expect: { some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 454836681 }, full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 444813857 } } },
  { source: 'proc-pressure-cpu', file: 'debian12-6.18-x86_64.txt',
    expect: { some: { avg10: 5.45, avg60: 9.81, avg300: 5.12, totalUs: 27628040 }, full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 } } },
  { source: 'proc-pressure-memory', file: 'debian12-6.18-x86_64.txt',
    expect: { some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 672 }, full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 519 } } },
  { source: 'proc-pressure-io', file: 'debian12-6.18-x86_64.txt',
    expect: { some: { avg10: 0.21, avg60: 0.55, avg300: 0.59, totalUs: 5638567 }, full: { avg10: 0.2, avg60: 0.53, avg300: 0.53, totalUs: 5022893 } } },
];

for (const c of cases) {
  test(`pressure reads ${c.source}/${c.file}`, () => {
    const result = pressure.run(fixture(c.source, c.file));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.facts, c.expect);
  });
}

test('pressure serves all three PSI sources', () => {
  assert.deepEqual(pressure.sources, ['proc-pressure-cpu', 'proc-pressure-memory', 'proc-pressure-io']);
});

for (const [name, text] of [['empty', ''], ['garbage', 'some avg10=x avg60=y avg300=z total=q\n'], ['loadavg', '0.81 0.51 0.25 1/98 9134\n']]) {
  test(`pressure: ${name} is unparsed with a reason`, () => {
    const result = pressure.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
