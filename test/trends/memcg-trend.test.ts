// The memcg trend on a real recorded series (test/fixtures/trends/ORIGIN.md, memcg/): rate and time to the limit, a flat memcg none.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { listSnapshots } from '../../src/schedule/snapshots.js';
import { trendFindings } from '../../src/trends/findings.js';
import { readSeries } from '../../src/trends/series.js';
import { repoPath } from '../helpers/paths.js';
import { rateKb } from './rate.js';

const dir = repoPath('test', 'fixtures', 'trends', 'memcg');

/** A recorder's cgroup figures read straight from each archive's raw/memcg.txt, not through the parser. */
async function raw(kind: 'grow' | 'flat'): Promise<Array<{ at: number; usage: number; limit: number }>> {
  const out = [];
  for (const s of await listSnapshots(dir)) {
    const set = await readArchive(join(dir, `${s.baseName}.tar.gz`));
    const text = set.sources.get('memcg')?.text ?? '';
    const figure = (file: string): number => Number(new RegExp(`/hostsnap-rec-${kind}-\\d+/memory\\.${file}:(\\d+)$`, 'm').exec(text)![1]);
    out.push({ at: Date.parse(set.manifest!.startedAt), usage: figure('usage_in_bytes') / 1024, limit: figure('limit_in_bytes') / 1024 });
  }
  return out;
}

describe('memcg trend from a real series', () => {
  it('a memcg growing toward its limit: the rate of its own usage figures and the hours to the limit', async () => {
    const findings = trendFindings(await readSeries(dir));
    const grow = findings.filter((f) => f.id === 'trend-memcg-growth');
    assert.equal(grow.length, 1, findings.map((f) => `${f.id}: ${f.summary}`).join('\n'));
    assert.match(grow[0].title, /^memcg \/hostsnap-rec-grow-\d+ usage grows steadily$/);
    const figures = await raw('grow');
    assert.equal(figures.length, 5);
    const first = figures[0];
    const last = figures[figures.length - 1];
    // The least-squares rate against the raw first-to-last rate: within 15%.
    const endToEnd = (last.usage - first.usage) / ((last.at - first.at) / 3_600_000);
    assert.ok(Math.abs(rateKb(grow[0].summary) / endToEnd - 1) < 0.15, `${grow[0].summary} vs ${endToEnd} kB/h`);
    // Hours to the limit: the newest snapshot's headroom (limit − usage) at the said rate.
    const said = Number(/the memcg's limit is reached in about ([\d.]+) hours/.exec(grow[0].summary)![1]);
    assert.ok(Math.abs(said / ((last.limit - last.usage) / rateKb(grow[0].summary)) - 1) < 0.1, grow[0].summary);
    assert.equal(grow[0].severity, 'warning');
  });

  it('a memcg with a limit whose usage stays flat gives none', async () => {
    const points = await readSeries(dir);
    const figures = await raw('flat');
    // The flat cgroup is in every point as a limited memcg, so the steadiness test is what leaves it out.
    for (const p of points) assert.ok(Object.keys(p.memcgs ?? {}).some((path) => /^\/hostsnap-rec-flat-\d+$/.test(path)), p.baseName);
    assert.ok(figures.every((f) => f.limit === 512 * 1024 && f.usage < f.limit));
    assert.ok(!trendFindings(points).some((f) => /hostsnap-rec-flat/.test(f.title)));
  });
});
