// End to end in real headless Chromium: the verdict in the first screen, and a hostile report that
// runs no script and asks for nothing over the network. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { render } from '../../src/report/index.js';
import { launchBrowser, openFolds, watchPage, type HeadlessBrowser } from '../helpers/browser.js';
import { repoPath } from '../helpers/paths.js';
import { hostileAnalysis, incidentAnalysis } from './fixtures.js';

const ARTIFACTS = repoPath('test-artifacts');
const VIEWPORT = { width: 1280, height: 800 };
let chromium: HeadlessBrowser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  chromium = await launchBrowser();
});
after(async () => {
  await chromium?.close();
});

function writeReport(name: string, html: string): string {
  const path = `${ARTIFACTS}/${name}.html`;
  writeFileSync(path, html);
  return pathToFileURL(path).href;
}

test('incident: the lowmem-exhaustion verdict is visible in the first screen, light and dark', async () => {
  const url = writeReport('incident-report', render(await incidentAnalysis(), 'html'));
  const page = await chromium.browser.newPage({ viewport: VIEWPORT, colorScheme: 'light' });
  const watch = watchPage(page);
  await page.goto(url);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const item = page.locator('#verdict [data-finding="lowmem-exhaustion"]');
    assert.equal(await item.isVisible(), true);
    const box = await item.boundingBox();
    assert.ok(box, 'the verdict item has a box');
    assert.ok(box.y >= 0 && box.y + box.height <= VIEWPORT.height, `verdict item at y=${box.y}+${box.height}`);
    assert.ok(box.x >= 0 && box.x + box.width <= VIEWPORT.width);
    assert.match(await item.innerText(), /critical/i);
    // Severity colour follows the scheme: the tag is readable on its own background in both.
    const [fg, bg] = await item.locator('.tag').evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    assert.notEqual(fg, bg);
    await page.screenshot({ path: `${ARTIFACTS}/incident-${colorScheme}.png` });
  }
  assert.equal(await page.locator('.badge-32').innerText(), '32-bit');
  // The zone chart draws ZONE_NORMAL's reclaimable slab (the lowmem story) at its real width.
  const slab = await page.locator('#zones rect.seg-srecl').nth(1).boundingBox();
  const bar = await page.locator('#zones rect.seg-bg').nth(1).boundingBox();
  assert.ok(slab && bar);
  assert.ok(Math.abs(slab.width / bar.width - 0.92) < 0.02, `Normal slab share drawn ${slab.width}/${bar.width}`);
  // Copyable without a script: one click selects exactly one whole advice command.
  const command = page.locator('#finding-lowmem-exhaustion pre.cmd code').first();
  await command.click();
  assert.equal(await page.evaluate(() => String(window.getSelection())), await command.innerText());
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${ARTIFACTS}/incident-light-full.png`, fullPage: true });
  assert.deepEqual(watch.requests, [url], 'nothing requested but the document');
  assert.deepEqual(watch.errors, []);
  await page.close();
});

test('hostile input: no script runs, no request leaves, the markup shows as text', async () => {
  const url = writeReport('hostile-report', render(await hostileAnalysis(), 'html'));
  const page = await chromium.browser.newPage({ viewport: VIEWPORT });
  const watch = watchPage(page);
  await page.goto(url);
  // Open every fold, so markup in raw outputs and OOM lines is laid out too.
  await openFolds(page);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'an onerror payload ran');
  assert.equal(await page.locator('img, script, iframe, object, embed, link').count(), 0, 'elements from host text');
  assert.deepEqual(watch.dialogs, []);
  assert.deepEqual(watch.console, []);
  assert.deepEqual(watch.requests, [url], 'nothing requested but the document');
  assert.match(await page.locator('#host-name').innerText(), /^web1<img\/src=x\/onerror=window\.__pwned=3>|^web1<img src=x onerror=/);
  const body = await page.locator('body').innerText();
  assert.ok(body.includes('</script><script>window.__pwned=4</script>'), 'the killed process name, as text');
  assert.ok(body.includes('{{x}}{{{y}}}'));
  await page.screenshot({ path: `${ARTIFACTS}/hostile-light.png` });
  await page.close();
});

test('the CSP is in force: a smuggled script does not run and a smuggled image is never fetched', async () => {
  // A loopback server that counts every request: the proof that nothing left the page.
  const hits: string[] = [];
  const server = createServer((req, res) => { hits.push(req.url ?? ''); res.end(); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    // What a template bug would let through, appended to the real report.
    const smuggled = `<script>window.__ran = 1</script><img src="http://127.0.0.1:${port}/img.png">` +
      `<link rel="stylesheet" href="http://127.0.0.1:${port}/css">`;
    const url = writeReport('csp-probe', render(await incidentAnalysis(), 'html').replace('</body>', `${smuggled}</body>`));
    const page = await chromium.browser.newPage();
    // Wait for the proof itself rather than a pause: the CSP reports each element it blocked.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __blocked: string[] }).__blocked = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __blocked: string[] }).__blocked.length >= 3);
    const blocked = await page.evaluate(() => (window as unknown as { __blocked: string[] }).__blocked);
    assert.deepEqual([...blocked].sort(), [`img-src http://127.0.0.1:${port}/img.png`, 'script-src-elem inline',
      `style-src-elem http://127.0.0.1:${port}/css`], blocked.join('\n'));
    assert.equal(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran), undefined);
    assert.deepEqual(hits, [], 'the loopback server was asked for something');
    await page.close();
  } finally {
    server.close();
  }
});
