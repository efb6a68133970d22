// /proc/slabinfo parser: real fixtures against figures read from them by eye, plus garbage and empty text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { slabinfo, type SlabCache } from '../../src/parsers/slabinfo.js';
import { repoPath } from '../helpers/paths.js';

const read = (file: string): string => readFileSync(repoPath('test', 'fixtures', 'sources', 'proc-slabinfo', file), 'utf8');

// sizeKb = num_slabs x pagesperslab x 4 kB (the assumed page size).
const cases: Array<{ file: string; count: number; first: string; expect: Record<string, Partial<SlabCache>> }> = [
  // 2.0 of Linux 2.6.8-rc4 i686 (LKML 2004, "Possible dcache BUG"): ext3 inodes and dentries fill lowmem.
  { file: 'linux-2.6.8-rc4-i686-lkml-2004-slabinfo-2.0.txt', count: 105, first: 'ext3_inode_cache', expect: {
    ext3_inode_cache: { activeObjs: 1328526, numObjs: 1328526, objSize: 416, numSlabs: 147614, pagesPerSlab: 1, sizeKb: 147614 * 4 },
    dentry_cache: { activeObjs: 1061172, objSize: 140, sizeKb: 37899 * 4 },
    'biovec-(256)': { objSize: 3072, pagesPerSlab: 2, sizeKb: 128 * 2 * 4 },
  } },
  // 2.1 of a 5.x kernel (jc's linux-proc fixture).
  { file: 'jc-linux-proc-slabinfo', count: 145, first: 'inode_cache', expect: {
    inode_cache: { activeObjs: 137462, numObjs: 138754, objSize: 608, sizeKb: 2618 * 8 * 4 },
    dentry: { activeObjs: 205198, numObjs: 211008, sizeKb: 5024 * 2 * 4 },
    ext4_inode_cache: { sizeKb: 537 * 8 * 4 },
  } },
  // 2.1 of Linux 6.18.44 (Debian 12, this machine).
  { file: 'linux-6.18.44-proc-slabinfo.txt', count: 232, first: 'ext4_inode_cache', expect: {
    ext4_inode_cache: { activeObjs: 46452, objSize: 1128, numSlabs: 3318, sizeKb: 3318 * 4 * 4 },
    dentry: { activeObjs: 67114, numObjs: 67242, sizeKb: 3202 * 4 },
    inode_cache: { sizeKb: 18 * 2 * 4 },
  } },
];

for (const { file, count, first, expect } of cases) {
  test(`slabinfo: ${file}`, () => {
    const outcome = slabinfo.run(read(file));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    const { caches, totalKb } = outcome.facts;
    assert.equal(caches.length, count);
    assert.equal(caches[0].name, first);
    for (let i = 1; i < caches.length; i++) assert.ok(caches[i - 1].sizeKb >= caches[i].sizeKb, 'largest first');
    assert.equal(totalKb, caches.reduce((sum, c) => sum + c.sizeKb, 0));
    for (const [name, figures] of Object.entries(expect)) {
      const cache = caches.find((c) => c.name === name);
      assert.ok(cache, name);
      for (const [key, value] of Object.entries(figures)) assert.equal(cache[key as keyof SlabCache], value, `${name}.${key}`);
    }
  });
}

test('slabinfo: the 2004 dcache storm totals what its meminfo said (Slab: 736384 kB), within 5%', () => {
  const outcome = slabinfo.run(read('linux-2.6.8-rc4-i686-lkml-2004-slabinfo-2.0.txt'));
  assert.ok(outcome.ok);
  assert.ok(Math.abs(outcome.facts.totalKb - 736384) / 736384 < 0.05, String(outcome.facts.totalKb));
});

test('slabinfo: version 1.1, garbage and empty text are unparsed', () => {
  for (const text of ['', '\n', 'slabinfo - version: 1.1\nkmem_cache 59 78 100 2 2 1\n', 'dentry 1 2 3\nhello\n']) {
    assert.equal(slabinfo.run(text).ok, false, text);
  }
});
