// OUT/HOST/index.html from the real growing series, opened in headless Chromium: charts drawn, trends listed, inert;
// and OUT/HOST/index.md beside it: the same trends, snapshots and figures as escaped Markdown text.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { formatKb } from '../../src/format/numbers.js';
import { writeHistory } from '../../src/schedule/cycle.js';
import { listSnapshots } from '../../src/schedule/snapshots.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { launchBrowser, watchPage, type HeadlessBrowser } from '../helpers/browser.js';
import { repoPath } from '../helpers/paths.js';

const tempDir = tempDirs('hostsnap-history-');
const HOST = '<img src=x onerror="window.__pwned=1">web1';

describe('history page', { timeout: 120_000 }, () => {
  let chromium: HeadlessBrowser;
  let dir: string;
  before(async () => {
    chromium = await launchBrowser();
    dir = tempDir();
    cpSync(repoPath('test', 'fixtures', 'trends', 'growing'), dir, { recursive: true });
    await writeHistory(dir, HOST, new Date('2026-12-01T05:00:00Z'));
  });
  after(async () => chromium.close());

  it('charts every series, lists the trends, links each snapshot\'s files, runs nothing and requests nothing', async () => {
    // The points were cached beside their archives on the way.
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.point.json')).length, 5);
    const url = pathToFileURL(join(dir, 'index.html')).href;
    const page = await chromium.browser.newPage();
    const watch = watchPage(page);
    await page.goto(url);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('img, script, iframe, object, embed, link').count(), 0);
    assert.deepEqual(watch.requests, [url]);
    assert.deepEqual(watch.dialogs, []);
    assert.equal(await page.locator('#history-title').innerText(), `hostsnap history: ${HOST}`);
    // Seven charts; each drawn one has a polyline with a point per snapshot (5).
    assert.equal(await page.locator('svg.chart').count() + await page.locator('#charts figure p.muted').count(), 7);
    const memory = await page.locator('svg.chart').first().locator('polyline').first().getAttribute('points');
    assert.equal(memory?.trim().split(' ').length, 5);
    const trends = await page.locator('#trends').innerText();
    assert.match(trends, /slab cache dentry grows [\d.]+ GiB\/hour/);
    assert.match(trends, /process \d+ python3 grows/);
    // Each row links the files of its snapshot, and every link is a file beside the page.
    const hrefs = await page.locator('#snapshots a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    assert.equal(hrefs.length, 5);
    for (const href of hrefs) assert.ok(existsSync(join(dir, href)), href);
    await page.close();
  });

  it('index.md: the same trends, every snapshot with its files, the charts\' figures as tables, host text escaped', async () => {
    const md = readFileSync(join(dir, 'index.md'), 'utf8');
    // The hostile name is text: no raw tag, its markup escaped by mdText.
    const title = md.split('\n')[0];
    assert.ok(!/(^|[^\\])<img/m.test(md), md.slice(0, 200));
    assert.ok(title.startsWith('# hostsnap history: \\<img src=x onerror="window.') && title.endsWith('pwned=1"\\>web1'), title);
    assert.match(md, /^- \*\*warning: slab cache dentry grows steadily\*\* slab cache dentry grows [\d.]+ GiB\/hour/m);
    assert.match(md, /^- \*\*\w+: process \d+ python3 grows steadily\*\*/m);
    const section = (title: string): string => md.split(`## ${title}\n`)[1].split('\n## ')[0];
    // Snapshots: one row each (newest first), and every file named is beside the page.
    const snapshots = await listSnapshots(dir);
    const rows = section('Snapshots').split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| collected') && !l.startsWith('| ---'));
    assert.deepEqual(rows.map((r) => /`([^`]+)`/.exec(r)![1]), snapshots.map((s) => s.baseName).reverse());
    for (const file of rows.flatMap((r) => r.split(' | ')[3].match(/`[^`]+`/g) ?? [])) assert.ok(existsSync(join(dir, file.slice(1, -1))), file);
    // The Memory table against the archives' own /proc/meminfo (not through the points).
    const memory = section('Across the snapshots').split('### Memory\n')[1].split('\n### ')[0];
    const available = memory.split('\n').filter((l) => /^\| \d/.test(l)).map((l) => l.slice(2, -2).split(' | ')[2]);
    const raw: string[] = [];
    for (const s of snapshots) {
      const text = (await readArchive(join(dir, `${s.baseName}.tar.gz`))).sources.get('proc-meminfo')!.text;
      raw.push(formatKb(Number(/^MemAvailable:\s+(\d+) kB/m.exec(text)![1])));
    }
    assert.deepEqual(available, raw.reverse());
    assert.equal((md.match(/^### /gm) ?? []).length, 7, 'one table per chart');
  });
});
