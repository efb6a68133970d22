// buddyinfo parser: real /proc/buddyinfo of 2.6 i686 (HighMem), 2.6.21 amd64, 5.x and 6.18.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buddyinfo } from '../../src/parsers/buddyinfo.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/proc-buddyinfo', name), 'utf8');

const cases: Array<{ file: string; zones: Record<string, number[]> }> = [
  { file: 'linux-2.6-i686-highmem-lkml-2006.txt', zones: {
    DMA: [634, 365, 106, 6, 0, 0, 0, 0, 0, 0, 0],
    Normal: [42, 18994, 3271, 131, 0, 0, 0, 1, 1, 0, 0],
    HighMem: [0, 0, 0, 0, 2, 1, 1, 1, 0, 0, 0] } },
  { file: 'linux-2.6.21-amd64-linux-mm-2007.txt', zones: {
    DMA: [4, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1],
    DMA32: [2838, 217, 156, 69, 1, 0, 0, 0, 0, 1, 0] } },
  { file: 'jc-linux-proc-buddyinfo.txt', zones: {
    DMA: [0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 3],
    DMA32: [78, 114, 82, 52, 38, 25, 13, 9, 3, 4, 629],
    Normal: [0, 22, 8, 10, 1, 1, 2, 11, 13, 0, 0] } },
  { file: 'debian12-6.18-x86_64.txt', zones: {
    DMA: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3],
    DMA32: [2, 3, 0, 2, 3, 2, 1, 4, 4, 2, 752],
    Normal: [4849, 1046, 912, 1062, 370, 184, 194, 176, 126, 78, 323] } },
];

for (const c of cases) {
  test(`buddyinfo reads ${c.file}`, () => {
    const result = buddyinfo.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(Object.fromEntries(result.facts.zones.map((z) => [z.zone, z.freeBlocks])), c.zones);
    assert.ok(result.facts.zones.every((z) => z.node === 0));
  });
}

for (const [name, text] of [['empty', ''], ['garbage', 'Node zero, zone ?\n'], ['meminfo', 'MemTotal: 5 kB\n']]) {
  test(`buddyinfo: ${name} is unparsed with a reason`, () => {
    const result = buddyinfo.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
