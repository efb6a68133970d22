// A sosreport's report says which sos made it and which file each source came from (HTML, Markdown,
// JSON), from the real sos 4.0 report in the fixtures.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import { render } from '../../src/report/index.js';
import { repoPath } from '../helpers/paths.js';

const ROOT = repoPath('test', 'fixtures', 'hosts', 'sos-4.0-debian12');

test('sosreport input: sos version and the file of each source in every format', async () => {
  const set = await readInput(ROOT);
  assert.ok(set.sos, 'read as a sosreport');
  const version = /^sosreport: (\S+)/m.exec(readFileSync(`${ROOT}/version.txt`, 'utf8'))![1];
  assert.equal(set.sos.version, version);
  const analysis = analyze(set);
  const json = JSON.parse(render(analysis, 'json')) as { input: { sos?: { version: string; files: Record<string, string> } } };
  assert.deepEqual(json.input.sos?.files, set.sos.files);
  assert.equal(json.input.sos?.version, version);
  const html = render(analysis, 'html');
  const section = /<section id="sosreport">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  assert.match(section, new RegExp(`Made by sos ${version.replace(/\./g, '\\.')}\\.`));
  const rows = [...section.matchAll(/<tr><td>([^<]+)<\/td><td><code>([^<]+)<\/code>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(Object.fromEntries(rows), set.sos.files);
  assert.ok(Object.keys(set.sos.files).length >= 5, 'several sources read');
  assert.match(render(analysis, 'md'), new RegExp(`read from a sosreport made by sos ${version.replace(/\./g, '\\.')}`));
});

test('a hostsnap archive has no sosreport section', async () => {
  const analysis = analyze(await readInput(repoPath('test', 'fixtures', 'hosts', 'debian12-x86_64-healthy')));
  assert.equal(analysis.document.input.sos, undefined);
  assert.doesNotMatch(render(analysis, 'html'), /id="sosreport"/);
});
