// The OOM dump's memory row counts pages of the dump's own size (64 kB on the arm64 board).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import { oomRow } from '../../src/report/view-memory.js';
import { repoPath } from '../helpers/paths.js';

test('arm64 dump with 64 kB pages: the OOM row adds up to about its 31744 pages x 64 kB of RAM, not x 4 kB', async () => {
  const { facts } = analyze(await readInput(repoPath('test', 'fixtures', 'hosts', '5.4-arm64-cma-panic')));
  const event = facts.oomEvents.find((e) => e.memInfo['free'] !== undefined);
  assert.ok(event);
  const row = oomRow(event);
  assert.ok(row);
  const sum = row.parts.reduce((s, p) => s + p.kb, 0);
  // "31744 pages RAM": 2,031,616 kB with 64 kB pages; the counters cover most of it, never more.
  assert.ok(sum > 0.3 * 31744 * 64 && sum <= 31744 * 64, `row sums to ${sum} kB`);
});
