// The templates precompiled by the build lay out the same page as the templates compiled from their text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileTemplate, loadPrecompiled, sourceKey, templateSources } from '../../src/report/templates.js';
import { buildView } from '../../src/report/view-model.js';
import { incidentAnalysis } from './fixtures.js';

test('the build precompiled every template as its text now reads (npm run build ran its step)', () => {
  const specs = loadPrecompiled();
  const { top, partials } = templateSources();
  for (const [name, text] of [...top, ...partials]) assert.ok(specs[sourceKey(text)] !== undefined, `${name}.hbs has no precompiled spec`);
});

test('the report from the precompiled specs is the report compiled from the text, byte for byte', async () => {
  const view = buildView(await incidentAnalysis());
  const fromSpecs = compileTemplate('report', loadPrecompiled())(view);
  const fromText = compileTemplate('report', {})(view);
  assert.ok(fromText.includes('<html') && fromText.length > 10_000, 'a whole page');
  assert.equal(fromSpecs, fromText);
});

test('a template edited since the build (no spec for its text) is compiled from its text', async () => {
  const specs = { ...loadPrecompiled() };
  delete specs[sourceKey(templateSources().partials.get('header')!)];
  const view = buildView(await incidentAnalysis());
  assert.equal(compileTemplate('report', specs)(view), compileTemplate('report', {})(view));
});
