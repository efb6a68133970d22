// Host text made safe: control characters, caps that say they cut, highlight runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oneLine, stripControl } from '../../src/format/control.js';
import { capText, highlightSegments } from '../../src/report/text-safety.js';

test('stripControl removes terminal escapes, C1 controls and bidi overrides, keeps newlines and tabs', () => {
  const out = stripControl('a\u001b[31mred\u0007\u009b2J\u202eevil\r\nb\tc');
  assert.equal(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/.test(out), false);
  assert.equal(out, 'a\ufffd[31mred\ufffd\ufffd2J\ufffdevil\nb\tc');
});

test('oneLine folds newlines so a summary cannot start a new line of a report', () => {
  assert.equal(oneLine('one\ntwo\r\nthree'), 'one two three');
});

test('capText cuts at a line end within the byte budget and reports both sizes', () => {
  const text = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'é'.repeat(10)}`).join('\n');
  const capped = capText(text, 4096);
  assert.equal(capped.cut, true);
  assert.ok(capped.keptBytes <= 4096);
  assert.equal(capped.totalBytes, Buffer.byteLength(text));
  assert.ok(capped.text.endsWith('\n'));
  assert.ok(text.startsWith(capped.text));
  assert.deepEqual(capText('short', 4096), { text: 'short', totalBytes: 5, keptBytes: 5, cut: false });
});

test('capText never leaves half a UTF-8 character', () => {
  const capped = capText('ééééé', 5);
  assert.equal(capped.text, 'éé');
  assert.equal(capped.keptBytes, 4);
});

test('highlightSegments marks every occurrence, longest first, and keeps the text whole', () => {
  const line = 'Normal free:5376kB min:4004kB slab_reclaimable:664084kB all_unreclaimable? yes';
  const segs = highlightSegments(line, ['slab_reclaimable:664084kB', '664084kB', 'all_unreclaimable? yes', 'absent']);
  assert.equal(segs.map((s) => s.text).join(''), line);
  assert.deepEqual(segs.filter((s) => s.mark).map((s) => s.text), ['slab_reclaimable:664084kB', 'all_unreclaimable? yes']);
  assert.deepEqual(highlightSegments('abc'), [{ text: 'abc', mark: false }]);
});
