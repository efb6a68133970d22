// Report sizes: a typical single-host report under 1 MB, and raw outputs cut with the cut said.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { snapshotHost } from '../../src/pipeline/snapshot.js';
import { render } from '../../src/report/index.js';
import { MD_MAX_BYTES } from '../../src/report/markdown.js';
import { RAW_SOURCE_BYTES, RAW_TOTAL_BYTES } from '../../src/report/view-sources.js';
import { repoPath } from '../helpers/paths.js';
import { sourceSet } from './fixtures.js';

const MB = 1024 * 1024;

test('a live snapshot of this machine: the HTML report is under 1 MB and the summary under 64 KB', async () => {
  const out = mkdtempSync(join(tmpdir(), 'hostsnap-report-'));
  try {
    const result = await snapshotHost('local', { outDir: out, formats: ['html', 'md'] });
    const html = readFileSync(result.reports.find((p) => p.endsWith('.html'))!, 'utf8');
    const md = readFileSync(result.reports.find((p) => p.endsWith('.md'))!, 'utf8');
    assert.ok(Buffer.byteLength(html) < MB, `${Buffer.byteLength(html)} bytes of HTML`);
    assert.ok(Buffer.byteLength(md) < MD_MAX_BYTES, `${Buffer.byteLength(md)} bytes of Markdown`);
    assert.ok(result.analysis.input.sources.size >= 10, 'a real collection read many sources');
    // Every source is in the report, folded, with its own size.
    for (const id of result.analysis.input.sources.keys()) assert.ok(html.includes(`id="raw-${id}"`), id);
    assert.match(html, /id="manifest"/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('huge raw outputs are cut per source and in total, and the report says so', () => {
  // A real kernel log repeated to 3 MB, and twenty real outputs of about 100 kB each.
  const log = readFileSync(repoPath('test', 'fixtures', 'sources', 'dmesg', 'live-6.18-memcg-v1.txt'), 'utf8');
  const meminfo = readFileSync(repoPath('test', 'fixtures', 'sources', 'proc-meminfo', 'debian12-6.18-x86_64.txt'), 'utf8');
  const big = log.repeat(Math.ceil((3 * MB) / log.length));
  const texts: Array<[string, string, string]> = [['dmesg', big, 'raw/dmesg.txt']];
  for (let i = 0; i < 20; i++) texts.push([`extra-${String(i).padStart(2, '0')}`, meminfo.repeat(Math.ceil(100_000 / meminfo.length)), `raw/extra-${i}.txt`]);
  const analysis = analyze(sourceSet('folder', 'big', texts));
  // However the rules group them, a rule may fire once per event: 200 findings of one rule.
  for (let i = 0; i < 200; i++) {
    analysis.document.findings.push({ id: 'per-event', severity: 'warning', title: 'One per event', summary: `event ${i}`, evidence: [{ source: 'dmesg', text: log.slice(0, 2000) }], advice: [] });
  }
  const html = render(analysis, 'html');
  assert.ok(Buffer.byteLength(html) < MB, `${Buffer.byteLength(html)} bytes`);
  assert.match(html, /Cut: the first 6\d(\.\d)? kB of 3\.0 MiB are shown; the whole output is raw\/dmesg\.txt\./);
  assert.match(html, /the report&#x27;s budget for raw text was spent/);
  assert.match(html, /21 of 21 outputs are cut \(each at 64 kB, 600 kB in all\)/);
  // Hundreds of OOM kills in that log: the timeline, the findings and the verdict stay bounded.
  const events = (html.match(/<li class="event /g) ?? []).length;
  assert.equal(events, 20);
  assert.match(html, /The latest 20 of \d{3} events; the JSON report and the raw kernel log hold every one\./);
  assert.match(html, /\d+ more findings are not shown \(at most 10 per rule\)/);
  assert.match(html, /\(and 199 more like it\)/);
  const pres = [...html.matchAll(/<details class="raw"[\s\S]*?<\/details>/g)].map((m) => m[0]);
  const shown = pres.map((d) => /<pre>([\s\S]*?)<\/pre>/.exec(d)?.[1] ?? '').map((t) => Buffer.byteLength(t));
  for (const bytes of shown) assert.ok(bytes <= RAW_SOURCE_BYTES * 1.3, `a raw output of ${bytes} bytes (escaped)`);
  assert.ok(shown.reduce((a, b) => a + b, 0) <= RAW_TOTAL_BYTES * 1.3);
});
