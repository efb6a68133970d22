// swaps parser: /proc/swaps of 2003 (partition and file), 5.x (a swap file) and 6.18 (no swap: header only).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { swaps } from '../../src/parsers/swaps.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/proc-swaps', name), 'utf8');

const cases = [
  { file: 'jc-linux-proc-swaps.txt', swaps: [{ filename: '/swap.img', type: 'file', sizeKb: 3996668, usedKb: 0, priority: -2 }] },
  { file: 'debian12-6.18-x86_64-noswap.txt', swaps: [] },
  { file: 'linux-2003-lkml-partition-and-file.txt', swaps: [
    { filename: '/dev/ide/host0/bus0/target0/lun0/part1', type: 'partition', sizeKb: 200772, usedKb: 51748, priority: -1 },
    { filename: '/.swapfile', type: 'file', sizeKb: 131064, usedKb: 0, priority: -5 }] },
];

for (const c of cases) {
  test(`swaps reads ${c.file}`, () => {
    const result = swaps.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.facts.swaps, c.swaps);
  });
}

test('swaps decodes \\040 in a swap file name', () => {
  const header = fixture('debian12-6.18-x86_64-noswap.txt');
  const result = swaps.run(`${header}/var/swap\\040file                     file\t\t1024\t\t0\t\t-2\n`);
  assert.ok(result.ok);
  assert.equal(result.facts.swaps[0].filename, '/var/swap file');
});

for (const [name, text] of [['empty', ''], ['garbage', 'no swap here\n'], ['mountinfo', '21 26 0:20 / /proc rw,relatime - proc proc rw\n']]) {
  test(`swaps: ${name} is unparsed with a reason`, () => {
    const result = swaps.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
