// A hostile replay host over real sshd: markup in its hostname, its kernel log and a process
// name. Its snapshot's HTML report, and a fleet index holding it, opened in headless Chromium, run
// nothing and fetch nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analyzeInputs } from '../../src/fleet/analyze-inputs.js';
import { snapshotHost, type SnapshotResult } from '../../src/pipeline/snapshot.js';
import { render } from '../../src/report/index.js';
import type { Page } from 'playwright-core';
import { launchBrowser, openFolds, watchPage, type HeadlessBrowser } from '../helpers/browser.js';
import { repoPath } from '../helpers/paths.js';
import { startReplayHost, type ReplayHost } from '../helpers/replay-host.js';
import { waitFor } from '../helpers/wait.js';
import { HOSTILE, hostileText } from './fixtures.js';

const CASE = '2011-web1-xen-i686-lowmem';
// The kernel keeps up to 64 bytes of hostname: markup that would run if it were ever unescaped.
const HOSTNAME = 'web1<img/src=x/onerror=window.__pwned=5>';
const PROCESS = '<img src=x onerror=alert(1)>';

let host: ReplayHost;
let chromium: HeadlessBrowser;
let sleeper: ReturnType<typeof spawn>;
let snapshot: SnapshotResult | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'hostsnap-hostile-'));

before(async () => {
  // The recorded kern.log with hostile process names and an extra line of markup.
  const log = readFileSync(repoPath('test', 'fixtures', 'replay', CASE, 'log', 'kern.log'), 'utf8');
  const kernLog = join(scratch, 'kern.log');
  writeFileSync(kernLog, hostileText(log) + `Sep 10 01:07:32 web1 kernel: ${HOSTILE.script} ${HOSTILE.img} ${HOSTILE.mustache}\n`);
  // A process on the host whose command line is the payload (ps shows args; the pid namespace is shared).
  sleeper = spawn('bash', ['-c', `exec -a '${PROCESS}' sleep 300`], { stdio: 'ignore' });
  // The snapshot's ps must see the payload: wait until bash has exec'd into it, not for a while.
  const cmdline = (): string => { try { return readFileSync(`/proc/${sleeper.pid}/cmdline`, 'utf8'); } catch { return ''; } };
  await waitFor(() => cmdline().startsWith(`${PROCESS}\0`), { what: 'the payload process to exec', timeoutMs: 10_000, detail: cmdline });
  host = await startReplayHost({ case: CASE, hostname: HOSTNAME, logFiles: { 'kern.log': kernLog }, sshd: { address: '127.0.0.25', readyTimeoutMs: 20_000 } });
  chromium = await launchBrowser();
});

after(async () => {
  await chromium?.close();
  await host?.stop();
  if (sleeper?.pid !== undefined) process.kill(sleeper.pid, 'SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** Opens a page with every <details> open and checks it ran nothing and fetched nothing but itself. */
async function openInert(url: string): Promise<Page> {
  const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const watch = watchPage(page);
  await page.goto(url);
  await openFolds(page);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('img, script, iframe, object, embed, link').count(), 0);
  assert.deepEqual(watch.dialogs, []);
  assert.deepEqual(watch.console, []);
  assert.deepEqual(watch.requests, [url]);
  return page;
}

test('hostile replay host: its report shows the markup as text, runs no script, requests nothing', { timeout: 120_000 }, async () => {
  const out = join(scratch, 'out');
  const result = await snapshotHost(host.target, { outDir: out, formats: ['md'], ssh: host.sshOptions() }).catch((error: unknown) => {
    throw new Error(`snapshot of the replay host failed: ${String(error)}\nsshd said:\n${host.log()}`);
  });
  snapshot = result;
  assert.equal(result.hostname, HOSTNAME);
  assert.ok(result.analysis.input.sources.get('ps')?.text.includes(PROCESS), 'the process is on the host');
  const html = render(result.analysis, 'html');
  assert.equal(/<img|<script/i.test(html), false);
  const file = join(scratch, 'report.html');
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await openInert(url);
  assert.equal(await page.locator('#host-name').innerText(), HOSTNAME);
  assert.ok((await page.locator('#raw-ps').innerText()).includes(PROCESS), 'the process name, as text');
  // The manifest says what the host lacked: dmesg and journalctl are hidden on this replay host.
  const dmesgRow = await page.locator('#manifest tr', { hasText: 'dmesg' }).first().innerText();
  assert.match(dmesgRow, /tool missing/);
  await page.screenshot({ path: repoPath('test-artifacts', 'hostile-replay-light.png') });
  await page.close();
});

test('fleet index with the hostile host: worst first, links resolve to files beside it, inert names, no request', { timeout: 120_000 }, async () => {
  assert.ok(snapshot, 'the hostile snapshot of the test above');
  const out = join(scratch, 'fleet');
  const inputs = [repoPath('test', 'fixtures', 'hosts', 'debian12-x86_64-healthy'), snapshot.archive,
    repoPath('test', 'fixtures', 'hosts', 'debian12-x86_64-psi-thrashing'), join(scratch, 'not-there.tar.gz')];
  mkdirSync(out);
  const doc = await analyzeInputs(inputs, out, ['html', 'md'], () => undefined);
  const url = pathToFileURL(join(out, 'index.html')).href;
  const page = await openInert(url);
  // Rows in the page's order: the lowmem incident host (criticals) first, the healthy one last.
  const names = await page.locator('#hosts tbody td.host-name').evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent ?? ''));
  assert.deepEqual(names, doc.hosts.map((h) => h.name ?? ''));
  assert.equal(names[0], HOSTNAME, 'the hostile host is the 32-bit lowmem incident: worst first, its name as text');
  const counts = await page.locator('#hosts tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.children[1].textContent)));
  assert.ok(counts[0] > 0 && counts[counts.length - 1] === 0, `criticals by row: ${counts.join(', ')}`);
  // Every link is relative and names a file written beside the index.
  const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  assert.equal(hrefs.length, 6, 'html and md for each of the three hosts read');
  for (const href of hrefs) {
    assert.doesNotMatch(href, /^[a-z]+:|^\/|\.\./i, href);
    assert.ok(existsSync(join(out, decodeURIComponent(href))), `${href} is in ${out}`);
  }
  assert.match(await page.locator('#failed').innerText(), /not-there\.tar\.gz/);
  // Following the first link lands on that host's report.
  await page.locator('a', { hasText: 'html' }).first().click();
  assert.equal(await page.locator('#host-name').innerText(), HOSTNAME);
  await page.close();
});
