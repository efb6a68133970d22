// Every real fixture of every source renders in every format: a report never fails on real text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { render, REPORT_FORMATS } from '../../src/report/index.js';
import { MD_MAX_BYTES } from '../../src/report/markdown.js';
import { repoPath } from '../helpers/paths.js';
import { sourceSet } from './fixtures.js';

const ROOT = repoPath('test', 'fixtures', 'sources');

test('each source fixture alone renders html, md, text and json', () => {
  let count = 0;
  for (const source of readdirSync(ROOT)) {
    for (const file of readdirSync(join(ROOT, source))) {
      const path = join(ROOT, source, file);
      if (!statSync(path).isFile() || /\.(md|json|sh|ts)$/.test(file)) continue;
      const analysis = analyze(sourceSet('folder', path, [[source, readFileSync(path, 'utf8'), `${source}/${file}`]]));
      for (const format of REPORT_FORMATS) {
        const out = render(analysis, format);
        assert.ok(out.length > 0, `${source}/${file} ${format}`);
        if (format === 'html') assert.match(out, /<h2 id="verdict-headline">/, `${source}/${file}`);
        if (format === 'md') assert.ok(Buffer.byteLength(out) <= MD_MAX_BYTES, `${source}/${file}`);
      }
      count++;
    }
  }
  assert.ok(count > 50, `${count} fixtures`);
});
