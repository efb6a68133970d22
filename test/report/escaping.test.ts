// Hostile host text in every field comes out as text in every format: no markup, no escapes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from '../../src/report/index.js';
import { HOSTILE, hostileAnalysis } from './fixtures.js';

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

test('html: no host string becomes an element, an attribute or a handlebars expression', async () => {
  const html = render(await hostileAnalysis(), 'html');
  assert.equal(/<img/i.test(html), false, 'an <img> from the host');
  assert.equal(/<script/i.test(html), false, 'a <script> from the host');
  assert.equal(html.includes('onerror="'), false);
  // Escaped, and still there for the reader to see.
  assert.ok(html.includes('&lt;img src&#x3D;x onerror&#x3D;&quot;window.__pwned&#x3D;1;alert(1)&quot;&gt;'));
  assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;window.__pwned&#x3D;4&lt;/script&gt;'), 'the killed process, as text');
  assert.ok(html.includes('{{x}}{{{y}}}'), 'mustaches from the host stay literal text');
  assert.match(html, /<tr class="st-bad"><td>dmesg<\/td>.*denied.*&lt;\/script&gt;&lt;script&gt;window.__pwned&#x3D;2/s, 'the manifest row, stderr escaped');
  assert.equal(CONTROLS.test(html.replace(/[\n\t]/g, '')), false, 'no control character');
});

test('html: highlighted host text is escaped inside <mark>', async () => {
  const html = render(await hostileAnalysis(), 'html');
  assert.ok(html.includes('<mark>&lt;img src&#x3D;x onerror&#x3D;&quot;window.__pwned&#x3D;1;alert(1)&quot;&gt;</mark>'));
  assert.ok(html.includes('<mark>\ufffd[2J\ufffd]0;pwned\ufffd\ufffd[31mred</mark>'));
});

/** Lines of the markdown outside fenced code blocks (CommonMark: a fence closes with a line of at
 *  least as many backticks and nothing else). */
function outsideFences(md: string): { outside: string[]; fences: number } {
  const outside: string[] = [];
  let open: number | null = null;
  let fences = 0;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})(.*)$/.exec(line);
    if (open === null && m) { open = m[1]!.length; fences++; continue; }
    if (open !== null) { if (m && m[1]!.length >= open && m[2]!.trim() === '') open = null; continue; }
    outside.push(line);
  }
  assert.equal(open, null, 'every fence is closed');
  return { outside, fences };
}

test('md: host text neither leaves its code block nor becomes HTML, a heading or a link', async () => {
  const md = render(await hostileAnalysis(), 'md');
  const { outside, fences } = outsideFences(md);
  assert.ok(fences >= 2);
  // Backslash-escaped characters are literal; then inline code spans are literal too.
  const prose = outside.join('\n').replace(/\\[\s\S]/g, '').replace(/`+[^`]*`+/g, '');
  assert.equal(/(^|[^\\])</.test(prose), false, 'an unescaped < outside code');
  assert.equal(outside.some((l) => l.startsWith('# injected')), false, 'a heading injected by the host');
  assert.equal(/(^|[^\\])\]\(/.test(prose), false, 'a link');
  assert.equal(/https?:\/\//.test(prose), false, 'a bare URL GitHub would link');
  assert.ok(md.includes('# injected heading'), 'the host text is kept, inside a fence');
  assert.equal(CONTROLS.test(md.replace(/[\n\t]/g, '')), false);
});

test('text: no terminal escape sequence reaches the terminal', async () => {
  const text = render(await hostileAnalysis(), 'text');
  assert.equal(CONTROLS.test(text.replace(/[\n\t]/g, '')), false);
  assert.ok(text.includes('\ufffd[2J'), 'the escape is shown defused');
  assert.ok(text.includes(HOSTILE.comm));
});

test('text with colour (a TTY): the only escapes are hostsnap\'s own SGR codes', async () => {
  const text = render(await hostileAnalysis(), 'text', { color: true });
  const escapes = text.match(/\u001b[^m]*m/g) ?? [];
  assert.ok(escapes.length > 2, 'severity labels are coloured');
  for (const e of escapes) assert.match(e, /^\u001b\[(1;3[1-4]|0)m$/);
  assert.equal(CONTROLS.test(text.replace(/\u001b\[(1;3[1-4]|0)m/g, '').replace(/[\n\t]/g, '')), false);
});

test('json: the document as data, host text kept as the host sent it (JSON escapes it, nothing else)', async () => {
  const analysis = await hostileAnalysis();
  const json = render(analysis, 'json');
  assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(analysis.document)));
  // No HTML entity escaping and no control stripping in the data format: a consumer gets the bytes.
  assert.ok(json.includes(JSON.stringify(HOSTILE.img).slice(1, -1)));
  assert.ok(!json.includes('&lt;img'));
  assert.ok(json.endsWith('\n'));
});
