// Trend findings from real recorded series (test/fixtures/trends/ORIGIN.md): growth found with its rate, flat and noisy not.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { analyzePath } from '../../src/fleet/analyze-inputs.js';
import { trendFindings } from '../../src/trends/findings.js';
import { readSeries } from '../../src/trends/series.js';
import { steadyGrowth } from '../../src/trends/steady.js';
import { listSnapshots } from '../../src/schedule/snapshots.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';
import { rateKb } from './rate.js';

const tempDir = tempDirs('hostsnap-trends-');
const series = (name: string): string => repoPath('test', 'fixtures', 'trends', name);

/** Figures read straight from the archives' raw text, not through the point code. */
async function raw(dir: string): Promise<Array<{ at: number; dentryKb: number; pythonKb: number | null; availableKb: number }>> {
  const out = [];
  for (const s of await listSnapshots(dir)) {
    const set = await readArchive(join(dir, `${s.baseName}.tar.gz`));
    const text = (id: string): string => set.sources.get(id)?.text ?? '';
    // slabinfo 2.1: name active_objs num_objs objsize objperslab pagesperslab : … : slabdata active_slabs num_slabs …
    const dentry = /^dentry\s+\d+\s+\d+\s+\d+\s+\d+\s+(\d+)\s.*slabdata\s+\d+\s+(\d+)/m.exec(text('proc-slabinfo'))!;
    // The recorder's allocator (`python3 - grow` or `python3 - noise`), not another python on the machine.
    const python = text('ps').split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f.at(-2) === '-' && ['grow', 'noise'].includes(f.at(-1)!));
    const available = Number(/^MemAvailable:\s+(\d+) kB/m.exec(text('proc-meminfo'))![1]);
    out.push({ at: Date.parse(set.manifest!.startedAt), dentryKb: Number(dentry[2]) * Number(dentry[1]) * 4, pythonKb: python ? Number(python[5]) : null, availableKb: available });
  }
  return out;
}

describe('trend findings from real series', () => {
  it('a growing dentry cache and a growing process: rate and time to run out of available memory', async () => {
    const findings = trendFindings(await readSeries(series('growing')));
    const figures = await raw(series('growing'));
    const hours = (figures[figures.length - 1].at - figures[0].at) / 3_600_000;
    const dentry = findings.find((f) => f.id === 'trend-slab-cache-growth' && f.title.startsWith('slab cache dentry'));
    assert.ok(dentry, findings.map((f) => f.summary).join('\n'));
    // The least-squares rate against the first-to-last rate of the raw figures: within 15%.
    const endToEnd = (figures[figures.length - 1].dentryKb - figures[0].dentryKb) / hours;
    assert.ok(Math.abs(rateKb(dentry.summary) / endToEnd - 1) < 0.15, `${dentry.summary} vs ${endToEnd} kB/h`);
    const left = figures[figures.length - 1].availableKb;
    const said = Number(/exhausted in about ([\d.]+) hours/.exec(dentry.summary)![1]);
    assert.ok(Math.abs(said / (left / rateKb(dentry.summary)) - 1) < 0.1, dentry.summary);
    assert.equal(dentry.severity, 'warning');
    const python = findings.find((f) => f.id === 'trend-process-rss-growth' && /python3/.test(f.title));
    assert.ok(python, findings.map((f) => f.summary).join('\n'));
    const pyRate = (figures[figures.length - 1].pythonKb! - figures[0].pythonKb!) / hours;
    assert.ok(Math.abs(rateKb(python.summary) / pyRate - 1) < 0.15, `${python.summary} vs ${pyRate}`);
  });

  it('a flat machine and a process whose size jumps up and down give no growth finding', async () => {
    for (const name of ['flat', 'noisy']) {
      const points = await readSeries(series(name));
      assert.equal(points.length, 5);
      assert.deepEqual(trendFindings(points).map((f) => `${f.id}: ${f.summary}`), [], name);
    }
    // The noisy process is there, with real swings, and the steadiness test is what rejects it.
    const figures = await raw(series('noisy'));
    const swings = figures.map((f) => f.pythonKb!);
    assert.ok(Math.max(...swings) - Math.min(...swings) > 20_000, String(swings));
    assert.equal(steadyGrowth(figures.map((f) => ({ hours: (f.at - figures[0].at) / 3_600_000, kb: f.pythonKb! }))), null);
  });

  it('hostsnap analyze of a history folder: the newest snapshot plus the trends', async () => {
    const dir = tempDir();
    cpSync(series('growing'), dir, { recursive: true });
    const { analysis } = await analyzePath(dir);
    const ids = analysis.document.findings.map((f) => f.id);
    assert.ok(ids.includes('trend-slab-cache-growth') && ids.includes('trend-process-rss-growth'), ids.join(' '));
    assert.ok(ids.includes('memcg-oom'), 'the newest snapshot\'s own findings are there too');
    assert.deepEqual((analysis.document.input as { history?: unknown }).history, { folder: dir, snapshots: 5, newest: 'vm-20261201T040250Z' });
  });
});
