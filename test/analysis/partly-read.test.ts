// A figure or row that does not parse makes its source "partly read" in the report, with the reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { partlyRead } from '../../src/analysis/partly-read.js';
import { render } from '../../src/report/index.js';
import { repoPath } from '../helpers/paths.js';
import { sourceSet } from '../report/fixtures.js';

const fixture = (...path: string[]): string => readFileSync(repoPath('test', 'fixtures', 'sources', ...path), 'utf8');

test('a real slabtop paste cut by its author ("....."): slabtop partly read, the rest of it kept', () => {
  const text = fixture('slabtop', 'linux-mm-2013-xfs-slabtop-excerpt.txt');
  const analysis = analyze(sourceSet('paste', 'xfs.txt', [['slabtop', text, 'xfs.txt']]));
  assert.deepEqual(partlyRead(analysis.facts).map((p) => [p.source, p.count, p.examples[0].line]), [['slabtop', 1, '.....']]);
  const report = render(analysis, 'text');
  assert.match(report, /slabtop: partly read \(1 line not read, e\.g\. "\.\.\.\.\.": not a cache row/);
  // The caches it could read are there all the same.
  assert.ok((analysis.facts.parsed.slabtop?.caches.length ?? 0) >= 8);
});

test('a German pidstat paste cut mid-row: the row is said in the report (text and html), not dropped', () => {
  const whole = fixture('pidstat', 'locales', 'pidstat-dru-p-1-2-de_DE.txt');
  // Cut where a paste gets cut: inside the last average row, its kB_ccwr/s left as "0," and no iodelay.
  const cut = whole.slice(0, whole.lastIndexOf('0,00       0  python3') + 2);
  const analysis = analyze(sourceSet('paste', 'pidstat-de.txt', [['pidstat', cut, 'pidstat-de.txt']]));
  const [p] = partlyRead(analysis.facts);
  assert.equal(p.source, 'pidstat');
  assert.equal(p.count, 1);
  assert.equal(p.examples[0].reason, '5 figures under 6 columns');
  assert.match(p.examples[0].line, /^Durchschn\.:\s+0\s+\d+\s+0,00\s+0,00\s+0,$/);
  for (const format of ['text', 'html', 'md'] as const) {
    const report = render(analysis, format);
    assert.match(report, /partly read/i, format);
    assert.match(report, /Durchschn\\?\.:/, format);
  }
  // The JSON document carries it for machines.
  assert.deepEqual((JSON.parse(render(analysis, 'json')) as { partlyRead: unknown }).partlyRead, JSON.parse(JSON.stringify(partlyRead(analysis.facts))));
  // The whole capture has nothing unread: the row above is the cut's doing.
  const whole_ = analyze(sourceSet('paste', 'pidstat-de.txt', [['pidstat', whole, 'pidstat-de.txt']]));
  assert.deepEqual(partlyRead(whole_.facts), []);
  assert.doesNotMatch(render(whole_, 'text'), /partly read/);
});
