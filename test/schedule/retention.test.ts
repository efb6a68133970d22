// --keep, retention (never the newest complete snapshot), the snapshot listing, and --shard's stable hash.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseKeep } from '../../src/schedule/keep.js';
import { prune } from '../../src/schedule/retention.js';
import { inShard, parseShard, shardOf } from '../../src/schedule/shard.js';
import { listSnapshots } from '../../src/schedule/snapshots.js';
import { tempDirs } from '../collect/temp-dirs.js';

const tempDir = tempDirs('hostsnap-retention-');

function folder(bases: string[], extra: string[] = []): string {
  const dir = tempDir();
  for (const base of bases) for (const ext of ['tar.gz', 'html', 'json', 'point.json']) writeFileSync(join(dir, `${base}.${ext}`), 'x');
  for (const name of extra) writeFileSync(join(dir, name), 'x');
  return dir;
}

describe('retention', () => {
  it('reads --keep as a count or a duration, and refuses the rest', () => {
    assert.deepEqual(parseKeep('30'), { count: 30 });
    assert.deepEqual(parseKeep('12h'), { ms: 12 * 3_600_000 });
    assert.deepEqual(parseKeep('2w'), { ms: 14 * 86_400_000 });
    for (const bad of ['0', '-1', '7 days', '1y', '', '3.5h']) assert.throws(() => parseKeep(bad), /neither a count nor a duration/);
  });

  it('lists complete snapshots oldest first, -2 after its twin, and not partials or orphan reports', async () => {
    const dir = folder(['web1-20261201T040000Z-2', 'web1-20261201T040000Z', 'web1-20261130T230000Z'],
      ['.web1-20261201T050000Z.tar.gz.partial', 'web1-20261201T060000Z.html', '.collecting', 'index.html', 'last-run.json']);
    const list = await listSnapshots(dir);
    assert.deepEqual(list.map((s) => s.baseName), ['web1-20261130T230000Z', 'web1-20261201T040000Z', 'web1-20261201T040000Z-2']);
    assert.deepEqual(list[1].files.sort(), ['web1-20261201T040000Z.html', 'web1-20261201T040000Z.json', 'web1-20261201T040000Z.point.json', 'web1-20261201T040000Z.tar.gz']);
  });

  it('keeps the newest N, or those younger than the duration, and always the newest complete one', async () => {
    const bases = ['h-20261120T000000Z', 'h-20261125T000000Z', 'h-20261130T000000Z', 'h-20261201T000000Z'];
    const byCount = folder(bases);
    assert.deepEqual(await prune(byCount, { count: 2 }), bases.slice(0, 2));
    assert.deepEqual((await listSnapshots(byCount)).map((s) => s.baseName), bases.slice(2));
    assert.equal(readdirSync(byCount).filter((n) => n.startsWith('h-20261120')).length, 0);
    const byAge = folder(bases);
    assert.deepEqual(await prune(byAge, { ms: 3 * 86_400_000 }, new Date('2026-12-01T12:00:00Z')), bases.slice(0, 2));
    // A host down for weeks: every snapshot is older than the duration, the newest stays.
    const stale = folder(bases, ['.h-20261202T000000Z.tar.gz.partial']);
    assert.deepEqual(await prune(stale, { ms: 3_600_000 }, new Date('2027-01-01T00:00:00Z')), bases.slice(0, 3));
    assert.deepEqual((await listSnapshots(stale)).map((s) => s.baseName), [bases[3]]);
  });
});

describe('--shard K/N', () => {
  const names = Array.from({ length: 300 }, (_, i) => `web${String(i + 1).padStart(3, '0')}.example.net`);

  it('is the first 8 bytes of SHA-256 modulo N, so every controller agrees', () => {
    for (const name of names.slice(0, 20)) {
      const hex = createHash('sha256').update(name).digest('hex').slice(0, 16);
      assert.equal(shardOf(name, 7), Number(BigInt(`0x${hex}`) % 7n));
    }
  });

  it('puts every host in exactly one shard, spread evenly', () => {
    const shards = [0, 1, 2].map((index) => inShard(names, { index, count: 3 }));
    assert.deepEqual(shards.flat().sort(), [...names].sort());
    for (const shard of shards) assert.ok(shard.length > 70 && shard.length < 130, `shard sizes ${shards.map((s) => s.length)}`);
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
    for (const bad of ['3/3', '1/0', '-1/3', 'a/b', '1']) assert.throws(() => parseShard(bad), /not a shard/);
  });
});
