// Headless Chromium for report tests: Debian's /usr/bin/chromium driven by playwright-core,
// isolated from any network service, and always stopped by its own process id.
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
];

export interface HeadlessBrowser {
  browser: Browser;
  pid: number | undefined;
  close(): Promise<void>;
}

/** Launch through a BrowserServer so the test knows the browser's pid and can kill it if close hangs. */
export async function launchBrowser(): Promise<HeadlessBrowser> {
  const server: BrowserServer = await chromium.launchServer({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 30_000 });
  const pid = server.process().pid;
  const browser = await chromium.connect(server.wsEndpoint(), { timeout: 30_000 });
  return {
    browser,
    pid,
    async close() {
      await browser.close().catch(() => undefined);
      await Promise.race([server.close(), new Promise((r) => setTimeout(r, 5_000))]).catch(() => undefined);
      if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Everything a page did that a safe report must never do: requests beyond the document itself,
 *  dialogs (alert/confirm), console messages, and page errors. */
export interface PageWatch {
  requests: string[];
  dialogs: string[];
  console: string[];
  errors: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { requests: [], dialogs: [], console: [], errors: [] };
  page.on('request', (r) => watch.requests.push(r.url()));
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => watch.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => watch.errors.push(e.message));
  return watch;
}

/**
 * Opens every <details> of the page and waits until it has settled, on state rather than a pause:
 * the load event (every image, style and frame loaded or failed, so an injected onerror would have
 * run by then), every fold open, and two animation frames (the opened folds laid out and painted).
 */
export async function openFolds(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await page.waitForFunction(() => document.querySelectorAll('details:not([open])').length === 0);
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
