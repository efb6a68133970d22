// The ticket summary: safe fences and inline code, and always under 64 KB.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { render } from '../../src/report/index.js';
import { MD_MAX_BYTES, mdBlock, mdCode, mdText } from '../../src/report/markdown.js';
import { repoPath } from '../helpers/paths.js';
import { incidentAnalysis } from './fixtures.js';

test('mdBlock fences with more backticks than any run inside', () => {
  assert.equal(mdBlock('a ```` b'), '`````\na ```` b\n`````\n');
  assert.equal(mdBlock('plain', 'sh'), '```sh\nplain\n```\n');
});

test('mdCode pads a span that starts or ends with a backtick', () => {
  assert.equal(mdCode('a`b'), '``a`b``');
  assert.equal(mdCode('`x'), '`` `x ``');
  assert.equal(mdCode(''), '–', 'never an empty span');
});

test('mdText escapes markup and defuses autolinks', () => {
  assert.equal(mdText('<b>*x*</b> [l](u)'), '\\<b\\>\\*x\\*\\</b\\> \\[l\\](u)');
  assert.equal(mdText('all_unreclaimable _em_ 2.6.39'), 'all_unreclaimable \\_em\\_ 2.6.39');
  assert.equal(mdText('# 1. - x'), '\\# 1. - x');
  assert.equal(mdText('1. x'), '1\\. x');
  assert.equal(mdText('http://e.example a@b.c').includes('http://'), false);
});

test('md of the incident: host line, verdict, findings with evidence and commands', async () => {
  const md = render(await incidentAnalysis(), 'md');
  assert.match(md, /^## hostsnap: web1: /);
  assert.match(md, /kernel `2\.6\.39-linode33`/);
  assert.match(md, /\(32-bit\)/);
  assert.match(md, /OOM Sep 10 01:07:31: OOM kill, trigger `apache2 \(pid 31143\)`, gfp `0xd0`/);
  assert.ok(Buffer.byteLength(md) < MD_MAX_BYTES);
});

test('md stays under 64 KB with a huge input, and says what it cut', async () => {
  const analysis = await incidentAnalysis();
  // 200 findings, each quoting the whole real kern.log excerpt (about 11 kB) as evidence.
  const log = readFileSync(repoPath('test', 'fixtures', 'sources', 'kern-log', '2011-web1-xen-i686-lowmem.txt'), 'utf8');
  for (let i = 0; i < 200; i++) {
    analysis.document.findings.push({
      id: `big-${i}`, severity: i % 2 ? 'warning' : 'info', title: `Finding ${i}`, summary: 'a long one',
      evidence: [{ source: 'kern-log', text: log }], advice: [{ text: 'do this', commands: ['sysctl -w vm.vfs_cache_pressure=200'] }],
    });
  }
  const md = render(analysis, 'md');
  assert.ok(Buffer.byteLength(md) <= MD_MAX_BYTES, `${Buffer.byteLength(md)} bytes`);
  assert.match(md, /cut at 4096 bytes/);
  assert.match(md, /_Cut: \d+ more finding\(s\) are not shown here/);
});
