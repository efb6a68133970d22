// The fleet index from real analyses of the repository's host fixtures: order, outliers, escaping.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import { buildFleet, FLEET_SCHEMA, outliersOf, type FleetEntry } from '../../src/fleet/document.js';
import { renderFleetHtml, renderFleetMarkdown } from '../../src/fleet/render.js';
import { writeFleetIndex } from '../../src/fleet/write.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';

const tempDir = tempDirs('hostsnap-fleet-');

/** Four real inputs: a healthy snapshot, a thrashing one, a sosreport, the headline incident. */
const INPUTS = ['debian12-x86_64-healthy', 'debian12-x86_64-psi-thrashing', 'sos-4.0-debian12', '2011-web1-xen-i686-lowmem/input.txt'];

describe('fleet index', () => {
  const entries: FleetEntry[] = [];
  before(async () => {
    for (const input of INPUTS) {
      const { document } = analyze(await readInput(repoPath('test', 'fixtures', 'hosts', input)));
      entries.push({ input, document, reports: { html: `${input.replace(/\W+/g, '_')}.html` } });
    }
  });

  it('lists hosts worst first: criticals, then warnings, then info', () => {
    const doc = buildFleet(entries, []);
    assert.equal(doc.schema, FLEET_SCHEMA);
    assert.equal(doc.hosts[0].name, 'web1');
    assert.ok(doc.hosts[0].counts.critical > 0);
    assert.equal(doc.hosts[doc.hosts.length - 1].input, 'debian12-x86_64-healthy');
    for (let i = 1; i < doc.hosts.length; i++) {
      const [a, b] = [doc.hosts[i - 1].counts, doc.hosts[i].counts];
      assert.ok(a.critical > b.critical || (a.critical === b.critical && a.warning >= b.warning), JSON.stringify([a, b]));
    }
    // Counts are the analysis's findings by severity, not ids.
    const web1 = entries.find((e) => e.document.host.name === 'web1')!;
    assert.equal(doc.hosts[0].counts.critical, web1.document.findings.filter((f) => f.severity === 'critical').length);
  });

  it('marks as outliers the findings fewer than half the hosts share, only from three hosts on', () => {
    const doc = buildFleet(entries, []);
    const web1 = doc.hosts.find((h) => h.name === 'web1')!;
    assert.ok(web1.outliers.includes('lowmem-exhaustion'), JSON.stringify(web1.outliers));
    // top-memory-consumers is on every host: never an outlier.
    assert.ok(doc.hosts.every((h) => !h.outliers.includes('top-memory-consumers')));
    assert.deepEqual(outliersOf([{ findings: ['a'] }, { findings: [] }]), [[], []]);
  });

  it('escapes every host string in the page and the Markdown, and loads nothing', () => {
    const hostile = '<img src=x onerror=alert(1)>|**bold**\u001b[31m';
    const spoiled = entries.map((e, i) => (i === 0 ? { ...e, input: hostile, document: { ...e.document, host: { ...e.document.host, name: hostile, kernel: '</td><script>alert(2)</script>' } } } : e));
    const doc = buildFleet(spoiled, [{ input: '<b>x.tar.xz</b>', error: 'unsafe path in archive <script>' }]);
    const html = renderFleetHtml(doc);
    assert.ok(!html.includes('<img') && !html.includes('<script') && !html.includes('<b>'), 'raw markup from a host');
    assert.ok(html.includes('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'), 'the name, escaped');
    assert.ok(!html.includes('\u001b'), 'control characters');
    assert.ok(!/(src|href)="(https?:|\/\/)/.test(html), 'nothing loaded from elsewhere');
    const md = renderFleetMarkdown(doc);
    // Every '<' from a host is backslash-escaped: no tag can open.
    assert.ok(!/(^|[^\\])<(img|script|b>)/m.test(md) && md.includes('\\<img'), md);
    assert.ok(md.includes('\\|\\*\\*bold\\*\\*'), 'a pipe cannot split the table row');
    assert.equal(md.split('## Setting outliers')[0].split('\n').filter((l) => l.startsWith('| ')).length, 2 + doc.hosts.length, 'header, rule, one row per host');
  });

  it('writes index.json, index.html and index.md that say the same hosts in the same order', async () => {
    const out = tempDir();
    const doc = buildFleet(entries, []);
    const files = await writeFleetIndex(out, doc);
    assert.deepEqual(files, ['index.json', 'index.html', 'index.md'].map((n) => join(out, n)));
    const json = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    assert.deepEqual(json, JSON.parse(JSON.stringify(doc)));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const order = doc.hosts.map((h) => html.indexOf(`href="${h.reports.html}"`));
    assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1])), JSON.stringify(order));
  });
});
