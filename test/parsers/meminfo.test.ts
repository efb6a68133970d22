// meminfo parser: real /proc/meminfo of 2.6 (i686 HighMem, amd64), 5.x and 6.18.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { meminfo } from '../../src/parsers/meminfo.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/proc-meminfo', name), 'utf8');

const cases: Array<{ file: string; lines: number; expect: Record<string, number>; absent: string[] }> = [
  { file: 'linux-2.6-i686-highmem-lkml-2006.txt', lines: 22,
    expect: { MemTotal: 2066592, HighTotal: 1169944, HighFree: 1024, LowTotal: 896648, LowFree: 217528, Slab: 65816, VmallocTotal: 114680 },
    absent: ['MemAvailable', 'SReclaimable', 'HugePages_Total'] },
  { file: 'linux-2.6.21-amd64-linux-mm-2007.txt', lines: 24,
    expect: { MemTotal: 2059408, SwapCached: 516040, SReclaimable: 161220, SUnreclaim: 16220, VmallocChunk: 34359472827 },
    absent: ['HighTotal', 'MemAvailable'] },
  { file: 'jc-linux-proc-meminfo.txt', lines: 51,
    expect: { MemTotal: 3997272, MemAvailable: 3386876, 'Active(anon)': 70216, KReclaimable: 188216, HugePages_Total: 0, Hugepagesize: 2048, DirectMap1G: 2097152 },
    absent: ['HighTotal'] },
  { file: 'debian12-6.18-x86_64.txt', lines: 53,
    expect: { MemTotal: 24683620, MemAvailable: 24318292, SwapTotal: 0, Slab: 108532, SReclaimable: 84464, Hugepagesize: 2048 },
    absent: ['LowTotal'] },
];

for (const c of cases) {
  test(`meminfo reads every line of ${c.file}`, () => {
    const result = meminfo.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(Object.keys(result.facts.fields).length, c.lines);
    for (const [name, kb] of Object.entries(c.expect)) assert.equal(result.facts.fields[name], kb, name);
    for (const name of c.absent) assert.equal(result.facts.fields[name], undefined, name);
  });
}

test('meminfo marks HugePages_* as counts, not kB', () => {
  const result = meminfo.run(fixture('jc-linux-proc-meminfo.txt'));
  assert.ok(result.ok);
  assert.deepEqual(result.facts.counts, ['HugePages_Total', 'HugePages_Free', 'HugePages_Rsvd', 'HugePages_Surp']);
});

test('meminfo keeps hostile names as data, never as the record prototype', () => {
  const result = meminfo.run('MemTotal: 1 kB\n__proto__: 5 kB\nconstructor: 6 kB\n');
  assert.ok(result.ok);
  assert.equal(Object.getPrototypeOf(result.facts.fields), null);
  assert.equal(Object.hasOwn(result.facts.fields, '__proto__'), false);
  assert.equal(result.facts.fields.constructor, 6);
});

for (const [name, text] of [['empty', ''], ['garbage', 'hello world\n\u0000\u0001'], ['zoneinfo', 'Node 0, zone DMA\n  pages free 5\n'], ['a cut without MemTotal', 'Buffers:   12 kB\n']]) {
  test(`meminfo: ${name} is unparsed with a reason`, () => {
    const result = meminfo.run(text);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
