// A partial host (connection lost mid-collection) of `collect --attach mailto:`: its written report
// and archive are mailed, saying it is partial and what is missing; the index lists it as partial
// with links, and it still counts as failed (exit 3, failed.txt). Real sshd hosts, real exim.
import assert from 'node:assert/strict';
import { closeSync, constants, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { tempDirs } from '../collect/temp-dirs.js';
import { startExim, type EximServer } from '../helpers/exim.js';
import { startSshd, type SshdHost } from '../helpers/sshd.js';
import { waitFor } from '../helpers/wait.js';
import { runCli, sshHome } from '../faults/hostsnap-cli.js';
import { writeConfig } from './run-cli.js';
import { shellQuote } from '../../src/transport/shell.js';
import type { FleetDocument } from '../../src/fleet/document.js';

const tempDir = tempDirs('hostsnap-partial-attach-');
// Only proc-buddyinfo reads this file (no sampler, no helper of the collector does).
const HELD_FILE = '/proc/buddyinfo';
const HELD_PROBE = 'proc-buddyinfo';

/** The writer end of `fifo` once a reader has it open (ENXIO before: O_NONBLOCK never waits). */
function writerOnceRead(fifo: string): number | null {
  try {
    return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') return null;
    throw error;
  }
}

/** sshd's per-connection processes: the listener's children. */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter((p) => p !== '').map(Number);
}

describe('collect --attach with a partial host', { timeout: 300_000 }, () => {
  let exim: EximServer;
  let whole: SshdHost;
  let cut: SshdHost;
  let fifo: string;
  before(async () => {
    fifo = join(tempDir(), 'buddyinfo');
    execFileSync('mkfifo', [fifo]);
    // The cut host's sessions read the FIFO as /proc/buddyinfo (a bind mount in sshd's own
    // mount namespace): its probe blocks until this test has cut the connection.
    const script = `set -e\nmount --bind ${shellQuote(fifo)} ${HELD_FILE}\nexec "$@"`;
    [exim, whole, cut] = await Promise.all([
      startExim(),
      startSshd({ address: '127.0.21.2', alias: 'whole' }),
      startSshd({ address: '127.0.21.3', alias: 'cut', wrap: (argv) => ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'held', ...argv] }),
    ]);
  }, { timeout: 300_000 });
  after(async () => {
    await Promise.all([exim?.stop(), whole?.stop(), cut?.stop()]);
  });

  /**
   * Once the held probe has opened the FIFO: a writer kept open so that it stays blocked on read,
   * then SIGKILL of the connection's sshd processes (the lost connection, as the controller sees it).
   */
  async function cutWhenHeld(): Promise<void> {
    let writer: number | null = null;
    try {
      writer = await waitFor(() => writerOnceRead(fifo), { what: `${HELD_PROBE} reading the FIFO on the cut host`, timeoutMs: 120_000 });
      for (const pid of childrenOf(cut.pid)) {
        try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
      }
    } finally {
      // EOF for the orphaned probe: whatever is left on the host ends (not asserted here).
      if (writer !== null) closeSync(writer);
    }
  }

  it('mails both hosts, the partial one said partial with its missing probes; index and failed.txt list it', async () => {
    const home = sshHome(tempDir(), [whole, cut]);
    const out = tempDir();
    const inventory = join(home, 'hosts.txt');
    writeFileSync(inventory, 'whole\ncut\n');
    const config = writeConfig(home, `mail:\n  smtp: ${exim.smtpUrl}\n  from: hostsnap@controller.test\n`);
    const cli = runCli(home, ['collect', '--inventory', inventory, '--out', out, '--attach', 'mailto:ops@hostsnap.test', '--config', config, '--format', 'html,md,json']);
    await cutWhenHeld();
    const run = await cli.done;
    assert.equal(run.code, 3, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^cut: FAILED: cut: partial: connection lost after \d+ s; /m);
    assert.match(run.stdout, /^cut: attached to mailto:ops@hostsnap\.test/m);
    assert.match(run.stdout, /^whole: attached to mailto:ops@hostsnap\.test/m);

    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as FleetDocument;
    const host = index.hosts.find((h) => h.input === 'cut')!;
    assert.ok(host, JSON.stringify(index.hosts.map((h) => h.input)));
    assert.ok(host.partial!.missing.includes(HELD_PROBE), JSON.stringify(host.partial));
    assert.match(host.partial!.reason, /^connection lost after \d+ s$/);
    assert.equal(index.hosts.find((h) => h.input === 'whole')!.partial, undefined);
    const failure = index.failed.find((f) => f.input === 'cut')!;
    assert.deepEqual(failure.reports, host.reports);
    for (const file of Object.values(host.reports)) assert.ok(existsSync(join(out, file)), file);
    assert.equal(readFileSync(join(out, 'failed.txt'), 'utf8'), 'cut\n');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    assert.match(html, /<strong class="partial">partial<\/strong>/);
    assert.ok(html.includes(`<a href="${host.reports.html}">html</a>`), 'a link to the partial host\'s report');
    assert.match(readFileSync(join(out, 'index.md'), 'utf8'), new RegExp(`cut: partial: connection lost .* \\(written in part: .*\`${host.reports.md.replace(/\./g, '\\.')}\``));

    const mails = await exim.messages(2);
    const mail = mails.find((m) => /\(partial collection\)/.test(m.headers.get('subject') ?? ''));
    assert.ok(mail, mails.map((m) => m.headers.get('subject')).join('\n'));
    assert.equal(mails.filter((m) => m !== mail && !/partial/.test(m.headers.get('subject') ?? '')).length, 1, 'the whole host\'s mail is not said partial');
    const text = mail.parts.find((p) => p.filename === null)!.body.toString('utf8');
    assert.equal(text.replace(/\r\n/g, '\n'), readFileSync(join(out, host.reports.md), 'utf8'));
    assert.match(text, /Partial collection: \d+ of \d+ probes missing \(connection lost after \d+ s\)/);
    assert.ok(text.includes(HELD_PROBE), 'the missing probe is named');
    const archive = Object.values(host.reports)[0].replace(/\.[a-z]+$/, '.tar.gz');
    const attached = mail.parts.map((p) => p.filename).filter((n): n is string => n !== null).sort();
    assert.deepEqual(attached, [basename(host.reports.html), basename(host.reports.json), archive].sort());
    const sent = mail.parts.find((p) => p.filename === archive)!;
    assert.ok(sent.body.equals(readFileSync(join(out, archive))), 'the partial archive, byte for byte');
  });

  it('snapshot --attach: the partial host\'s files are mailed, exit 3', async () => {
    const home = sshHome(tempDir(), [cut]);
    const out = tempDir();
    const config = writeConfig(home, `mail:\n  smtp: ${exim.smtpUrl}\n  from: hostsnap@controller.test\n`);
    const cli = runCli(home, ['snapshot', 'cut', '--out', out, '--attach', 'mailto:ops@hostsnap.test', '--config', config, '--format', 'md,json']);
    await cutWhenHeld();
    const run = await cli.done;
    assert.equal(run.code, 3, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /^hostsnap: cut: partial: connection lost after \d+ s; /m);
    // This run's mail: the one whose attachments are the files in this --out.
    const mail = (await exim.messages(3)).find((m) => m.parts.some((p) => p.filename !== null && existsSync(join(out, p.filename))));
    assert.ok(mail, 'a mail with this snapshot\'s files');
    assert.match(mail.headers.get('subject') ?? '', /^hostsnap: .* \(partial collection\): /);
    const attached = mail.parts.map((p) => p.filename).filter((n): n is string => n !== null);
    assert.deepEqual(attached.map((n) => n.slice(n.indexOf('.'))).sort(), ['.json', '.tar.gz']);
    assert.match(mail.parts.find((p) => p.filename === null)!.body.toString('utf8'), new RegExp(`Missing: .*${HELD_PROBE}`));
  });
});
