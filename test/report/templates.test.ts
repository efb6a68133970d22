// The templates lay out; they decide nothing and inject nothing (STYLE.md).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { templatesDir } from '../../src/report/templates.js';
import { repoPath } from '../helpers/paths.js';

const files = (): string[] => {
  const dir = templatesDir();
  return [join(dir, 'report.hbs'), ...readdirSync(join(dir, 'partials')).map((f) => join(dir, 'partials', f))];
};

test('templates are found in the repository from the compiled module', () => {
  assert.equal(templatesDir(), repoPath('templates'));
  assert.equal(templatesDir(repoPath('dist', 'src', 'report')), repoPath('templates'));
});

test('templates are found beside an installed package\'s dist/', () => {
  const root = mkdtempSync(join(tmpdir(), 'hostsnap-installed-'));
  try {
    const pkg = join(root, 'node_modules', 'hostsnap');
    mkdirSync(join(pkg, 'dist', 'src', 'report'), { recursive: true });
    cpSync(repoPath('templates'), join(pkg, 'templates'), { recursive: true });
    assert.equal(templatesDir(join(pkg, 'dist', 'src', 'report')), join(pkg, 'templates'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('no template uses a triple-stash or an unescaped block', () => {
  for (const file of files()) {
    const text = readFileSync(file, 'utf8');
    assert.equal(/\{\{\{|\{\{&/.test(text), false, `${file} injects raw HTML`);
  }
});

test('no template uses a helper beyond #each, #if and else', () => {
  for (const file of files()) {
    const text = readFileSync(file, 'utf8').replace(/\{\{!--[\s\S]*?--\}\}/g, '');
    const blocks = [...text.matchAll(/\{\{~?\s*([#^/]?)\s*([\w.-]+)/g)]
      .filter((m) => m[1] === '#' || m[1] === '^' || m[1] === '/').map((m) => m[2]);
    for (const helper of blocks) assert.ok(helper === 'each' || helper === 'if', `${file} uses {{#${helper}}}`);
    // Any mustache with a space-separated argument is a helper call, except partials ({{> name ctx}}).
    for (const m of text.matchAll(/\{\{(?![>#/!])\s*([^}\s]+)\s+[^}]+\}\}/g)) assert.fail(`${file}: helper call ${m[0]}`);
  }
});

test('the page forbids every script and every load from outside', () => {
  const text = readFileSync(join(templatesDir(), 'report.hbs'), 'utf8');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(text)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /script-src/);
  assert.equal(/<script|<link|@import|url\(/i.test(files().map((f) => readFileSync(f, 'utf8')).join('\n')), false);
});
