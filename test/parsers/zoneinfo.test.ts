// zoneinfo parser: real /proc/zoneinfo of 2.6.21 amd64, 3.7 i686 (HighMem), 5.x and 6.18.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { zoneinfo, type ZoneinfoZone } from '../../src/parsers/zoneinfo.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/proc-zoneinfo', name), 'utf8');

type Expected = Partial<Omit<ZoneinfoZone, 'stats'>> & { stats?: Record<string, number> };
const cases: Array<{ file: string; zones: string[]; nodeStats: number[]; check: Record<string, Expected> }> = [
  { file: 'linux-2.6.21-amd64-linux-mm-2007.txt', zones: ['0/DMA', '0/DMA32'], nodeStats: [],
    check: { '0/DMA32': { freePages: 4968, minPages: 1428, lowPages: 1785, highPages: 2142, spannedPages: 519904,
      presentPages: 512796, managedPages: null, allUnreclaimable: false, nodeUnreclaimable: null, protection: [0, 0, 0],
      stats: { nr_slab_reclaimable: 40201, prev_priority: 12, start_pfn: 4096, scanned: 0 } } } },
  { file: 'linux-3.7.0-rc7-i686-fedora18-linux-mm-2012.txt', zones: ['0/DMA', '0/Normal', '0/HighMem'], nodeStats: [],
    check: {
      '0/DMA': { freePages: 1655, minPages: 196, allUnreclaimable: true, protection: [0, 861, 1000, 1000] },
      '0/Normal': { freePages: 186234, minPages: 10953, lowPages: 13691, highPages: 16429, presentPages: 220470,
        allUnreclaimable: false, stats: { nr_slab_reclaimable: 3110, nr_kernel_stack: 96, start_pfn: 4096 } },
      '0/HighMem': { freePages: 8983, highPages: 917, spannedPages: 35840, stats: { nr_page_table_pages: 209 } } } },
  { file: 'jc-linux-proc-zoneinfo.txt', zones: ['0/DMA', '0/DMA32', '0/Normal', '0/Movable', '0/Device'], nodeStats: [0],
    check: {
      '0/DMA': { freePages: 3832, minPages: 68, managedPages: 3976, presentPages: 3997, nodeUnreclaimable: false, allUnreclaimable: null },
      '0/Normal': { freePages: 5113, minPages: 4097, lowPages: 5121, highPages: 6145, managedPages: 236634, stats: { nr_kernel_stack: 5760, start_pfn: 1048576 } },
      '0/Device': { freePages: 0, presentPages: 0, nodeUnreclaimable: null } } },
  { file: 'jc-linux-proc-zoneinfo2.txt', zones: ['0/DMA', '0/DMA32', '0/Normal', '0/Movable', '0/Device', '1/DMA', '1/DMA32', '1/Normal', '1/Movable', '1/Device'],
    nodeStats: [0, 1], check: { '1/DMA32': { freePages: 606010, managedPages: 758708 } } },
  { file: 'debian12-6.18-x86_64.txt', zones: ['0/DMA', '0/DMA32', '0/Normal', '0/Movable', '0/Device'], nodeStats: [0],
    check: {
      '0/DMA': { freePages: 3840, minPages: 47, lowPages: 58, highPages: 69, presentPages: 3998, managedPages: 3840, stats: { promo: 80, boost: 0 } },
      '0/DMA32': { freePages: 772808, minPages: 9555, presentPages: 782336, managedPages: 772808, protection: [0, 0, 2304, 2304, 2304] },
      '0/Normal': { freePages: 468709, minPages: 7292, presentPages: 5505024, managedPages: 589824 } } },
];

for (const c of cases) {
  test(`zoneinfo reads the zones of ${c.file}`, () => {
    const result = zoneinfo.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result));
    const byName = new Map(result.facts.zones.map((z) => [`${z.node}/${z.zone}`, z]));
    assert.deepEqual([...byName.keys()], c.zones);
    assert.deepEqual(result.facts.nodeStats.map((n) => n.node), c.nodeStats);
    for (const [name, expected] of Object.entries(c.check)) {
      const zone = byName.get(name);
      assert.ok(zone, name);
      const { stats, ...fields } = expected;
      for (const [key, value] of Object.entries(fields)) assert.deepEqual(zone[key as keyof ZoneinfoZone], value, `${name} ${key}`);
      for (const [key, value] of Object.entries(stats ?? {})) assert.equal(zone.stats[key], value, `${name} stats.${key}`);
    }
  });
}

test('zoneinfo keeps per-node stats out of the zone and per-cpu pagesets out of both', () => {
  const result = zoneinfo.run(fixture('debian12-6.18-x86_64.txt'));
  assert.ok(result.ok);
  const [node] = result.facts.nodeStats;
  assert.equal(node.stats.nr_slab_reclaimable, 21116);
  assert.equal(node.stats.nr_active_file, 47144);
  const dma = result.facts.zones[0];
  assert.equal(dma.stats.nr_slab_reclaimable, undefined);
  for (const key of ['count', 'batch', 'high_min', 'high_max', 'cpu', 'vm stats threshold']) assert.equal(dma.stats[key], undefined, key);
});

test('zoneinfo drops a zone cut before its watermarks', () => {
  const text = fixture('linux-3.7.0-rc7-i686-fedora18-linux-mm-2012.txt');
  const cut = text.slice(0, text.indexOf('        low      475'));
  const result = zoneinfo.run(cut);
  assert.ok(result.ok);
  assert.deepEqual(result.facts.zones.map((z) => z.zone), ['DMA', 'Normal']);
});

for (const [name, text] of [['empty', ''], ['garbage', 'x\ny\n'], ['buddyinfo', 'Node 0, zone      DMA      0      0      1 \n']]) {
  test(`zoneinfo: ${name} is unparsed with a reason`, () => {
    const result = zoneinfo.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
