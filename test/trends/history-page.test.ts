// OUT/HOST/index.html from the real growing series, opened in headless Chromium: charts drawn, trends listed, inert.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { writeHistory } from '../../src/schedule/cycle.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { launchBrowser, watchPage, type HeadlessBrowser } from '../helpers/browser.js';
import { repoPath } from '../helpers/paths.js';

const tempDir = tempDirs('hostsnap-history-');
const HOST = '<img src=x onerror="window.__pwned=1">web1';

describe('history page', { timeout: 120_000 }, () => {
  let chromium: HeadlessBrowser;
  before(async () => { chromium = await launchBrowser(); });
  after(async () => chromium.close());

  it('charts every series, lists the trends, links each snapshot\'s files, runs nothing and requests nothing', async () => {
    const dir = tempDir();
    cpSync(repoPath('test', 'fixtures', 'trends', 'growing'), dir, { recursive: true });
    await writeHistory(dir, HOST, new Date('2026-12-01T05:00:00Z'));
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
});
