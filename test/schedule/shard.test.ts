// --shard over 20 sshd hosts and 3 controllers: every host collected exactly once; `hostsnap index` of their folders.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listSnapshots } from '../../src/schedule/snapshots.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { hostsnap, startFleet, type TestFleet } from './fleet-hosts.js';

const tempDir = tempDirs('hostsnap-shard-');
const HOSTS = 20;

interface IndexHost { input: string; name: string; counts: unknown; findings: string[]; reports: Record<string, string>; history: string }

/** What must be equal between two indexes: links compared by file name (they are relative to each index). */
function comparable(indexDir: string): unknown[] {
  const doc = JSON.parse(readFileSync(join(indexDir, 'index.json'), 'utf8')) as { hosts: IndexHost[] };
  const base = (p: string): string => p.split('/').slice(-2).join('/');
  return doc.hosts.map((h) => ({ input: h.input, name: h.name, counts: h.counts, findings: h.findings, reports: Object.values(h.reports).map(base).sort(), history: base(h.history) }))
    .sort((a, b) => (a.input < b.input ? -1 : 1));
}

describe('schedule --shard K/N and hostsnap index (20 sshd hosts, 3 controllers)', { timeout: 400_000 }, () => {
  let fleet: TestFleet;
  before(async () => {
    fleet = await startFleet(tempDir(), Array.from({ length: HOSTS }, (_, i) => ({ address: `127.0.9.${i + 1}`, alias: `node${String(i + 1).padStart(2, '0')}` })));
  });
  after(async () => fleet.stop());

  it('splits the fleet so each host is collected once, and the merged index equals one folder\'s', async () => {
    const dirs = [tempDir(), tempDir(), tempDir()];
    // The three controllers run at once, as three timers on three bastions would.
    const results = await Promise.all(dirs.map((out, k) => hostsnap(['schedule', '--once', '--shard', `${k}/3`, '-i', fleet.inventory,
      '--keep', '5', '--out', out, '--format', 'json,html', '--concurrency', '8', '--host-timeout', '120'], fleet.home, 300_000)));
    results.forEach((r, k) => assert.equal(r.code, 0, `controller ${k}: ${r.stdout}${r.stderr}`));
    const perController = dirs.map((d) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name));
    const all = perController.flat().sort();
    assert.deepEqual(all, fleet.hosts.map((h) => h.alias).sort(), 'every host once, in one controller only');
    for (const names of perController) assert.ok(names.length > 0, `shard sizes ${perController.map((n) => n.length)}`);
    for (const [k, names] of perController.entries()) {
      for (const name of names) assert.equal((await listSnapshots(join(dirs[k], name))).length, 1, name);
      assert.match(results[k].stdout, new RegExp(`run: ${names.length} collected, 0 failed, 0 skipped`));
    }

    // One index from the three folders, against the index of one folder holding every host.
    const merged = tempDir();
    const index = await hostsnap(['index', ...dirs, '--out', merged], fleet.home);
    assert.equal(index.code, 0, index.stderr);
    assert.match(index.stdout, new RegExp(`${HOSTS} hosts, 0 failing`));
    const single = tempDir();
    for (const dir of dirs) cpSync(dir, single, { recursive: true, filter: (src) => !/index\.(json|html|md)$/.test(src) || src.split('/').length > dir.split('/').length + 1 });
    const alone = await hostsnap(['index', single, '--out', single], fleet.home);
    assert.equal(alone.code, 0, alone.stderr);
    const mergedHosts = comparable(merged);
    assert.equal(mergedHosts.length, HOSTS);
    assert.deepEqual(mergedHosts, comparable(single));
    // And each controller's own index is its share of the merged one.
    assert.deepEqual(dirs.flatMap((d) => comparable(d)).sort((a, b) => ((a as IndexHost).input < (b as IndexHost).input ? -1 : 1)), mergedHosts);
  });
});
