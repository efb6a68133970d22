// --attach mailto:… through a real MTA (exim4 from Debian's packages, on loopback) into a Maildir, parsed back.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { startExim, type EximServer } from '../helpers/exim.js';
import { makeTestCa, type TestCa } from './test-ca.js';
import { freePort } from './daemon.js';
import { hostsnap, writeConfig, writtenFiles } from './run-cli.js';

const tempDir = tempDirs('hostsnap-attach-mail-');

describe('attach by mail', { timeout: 600_000 }, () => {
  let exim: EximServer;
  let home: string;
  let out: string;
  let delivered = 0;
  before(async () => {
    exim = await startExim();
    home = tempDir();
    out = tempDir();
  }, { timeout: 600_000 });
  after(async () => { await exim?.stop(); });

  it('snapshot --attach mailto:ADDR?ticket=N: RT\'s subject tag, the summary as text, every file byte for byte', async () => {
    const config = writeConfig(home, `mail:\n  smtp: ${exim.smtpUrl}\n  from: hostsnap@controller.test\n  ticketTag: rt.hostsnap.test\n`);
    const run = await hostsnap(['snapshot', '--out', out, '--attach', 'mailto:rt@hostsnap.test?ticket=7', '--config', config], home);
    assert.equal(run.code, 0, run.stderr);
    const [mail] = await exim.messages(++delivered);
    const files = writtenFiles(out);
    const analysis = JSON.parse(readFileSync(files.json, 'utf8'));
    assert.ok(mail.headers.get('subject')!.startsWith(`[rt.hostsnap.test #7] hostsnap: ${analysis.host.name}: `), mail.headers.get('subject'));
    assert.equal(mail.headers.get('to'), 'rt@hostsnap.test');
    assert.equal(mail.headers.get('from'), 'hostsnap@controller.test');
    const text = mail.parts.find((p) => p.type === 'text/plain' && p.filename === null)!;
    assert.equal(text.body.toString('utf8').replace(/\r\n/g, '\n'), readFileSync(files.md, 'utf8'));
    for (const file of [files.html, files.json, files.archive]) {
      const part = mail.parts.find((p) => p.filename === basename(file));
      assert.ok(part?.body.equals(readFileSync(file)), `${basename(file)} differs or is missing`);
    }
  });

  it('HOSTSNAP_SMTP_URL and HOSTSNAP_MAIL_FROM without a config file; what is over the limit is left out and said', async () => {
    const files = writtenFiles(out);
    const limit = statSync(files.html).size + statSync(files.json).size;
    const config = writeConfig(home, `mail:\n  maxAttachmentBytes: ${limit}\n`);
    const run = await hostsnap(['attach', ...files.all, '--to', 'mailto:ops@hostsnap.test', '--config', config], home,
      { HOSTSNAP_SMTP_URL: exim.smtpUrl, HOSTSNAP_MAIL_FROM: 'env@controller.test' });
    assert.equal(run.code, 0, run.stderr);
    const mail = (await exim.messages(++delivered)).at(-1)!;
    assert.equal(mail.headers.get('from'), 'env@controller.test');
    assert.ok(!mail.headers.get('subject')!.startsWith('['), 'no ticket, no tag');
    const names = mail.parts.map((p) => p.filename).filter((n) => n !== null);
    assert.deepEqual(names.sort(), [basename(files.html), basename(files.json)].sort());
    const text = mail.parts.find((p) => p.filename === null)!.body.toString('utf8');
    assert.match(text, new RegExp(`- ${basename(files.archive).replace(/\./g, '\\.')} \\(.*\\): over this system's limit`));
  });

  it('an SMTP server that is not there: exit 5, said as unreachable, the files kept', async () => {
    const files = writtenFiles(out);
    const config = writeConfig(home, `mail:\n  smtp: smtp://127.0.0.1:${await freePort()}\n  from: hostsnap@controller.test\n`);
    const run = await hostsnap(['attach', files.md, '--to', 'mailto:ops@hostsnap.test', '--config', config], home);
    assert.equal(run.code, 5);
    assert.match(run.stderr, /SMTP: the mail to ops@hostsnap\.test was not sent/);
    assert.match(run.stderr, /ECONNREFUSED|ECONNECTION/);
    assert.ok(statSync(files.md).isFile());
  });

  it('an SMTP 552 (exim\'s message_size_limit): exit 5, said as too large in the server\'s words, nothing delivered, the files kept', async () => {
    const files = writtenFiles(out);
    const config = writeConfig(home, `mail:\n  smtp: ${exim.smtpUrl}\n  from: hostsnap@controller.test\n`);
    exim.setSizeLimit('20K');
    try {
      const run = await hostsnap(['attach', ...files.all, '--to', 'mailto:ops@hostsnap.test', '--config', config], home);
      assert.equal(run.code, 5, run.stdout);
      assert.match(run.stderr, /SMTP: the mail to ops@hostsnap\.test was not sent: the server refused it as too large \(552 Message size exceeds maximum permitted\)/);
      assert.match(run.stderr, /to try again: hostsnap attach /);
    } finally {
      exim.setSizeLimit('50M');
    }
    assert.equal((await exim.messages(delivered)).length, delivered, 'nothing delivered');
    for (const file of files.all) assert.ok(statSync(file).isFile());
  });

  it('?requireTLS=true to a server that offers no STARTTLS: refused, nothing sent in plain text', async () => {
    const config = writeConfig(home, `mail:\n  smtp: ${exim.smtpUrl}?requireTLS=true\n  from: hostsnap@controller.test\n`);
    const run = await hostsnap(['attach', writtenFiles(out).md, '--to', 'mailto:ops@hostsnap.test', '--config', config], home);
    assert.equal(run.code, 5, run.stdout);
    assert.match(run.stderr, /127\.0\.0\.1:\d+ would not start TLS \(.*\) and the URL requires it: nothing was sent in plain text/);
    assert.equal((await exim.messages(delivered)).length, delivered, 'nothing delivered');
  });

  describe('STARTTLS with a certificate of a private CA', () => {
    let tls: EximServer;
    let ca: TestCa;
    before(async () => {
      ca = makeTestCa(tempDir());
      tls = await startExim({ tls: { certificate: ca.certificate, privateKey: ca.privateKey } });
    }, { timeout: 600_000 });
    after(async () => { await tls?.stop(); });

    it('without the CA file: a certificate error, nothing delivered', async () => {
      const config = writeConfig(home, `mail:\n  smtp: ${tls.smtpUrl}\n  from: hostsnap@controller.test\n`);
      const run = await hostsnap(['attach', writtenFiles(out).md, '--to', 'mailto:ops@hostsnap.test', '--config', config], home);
      assert.equal(run.code, 5, run.stdout);
      assert.match(run.stderr, /the TLS certificate of 127\.0\.0\.1:\d+ was not verified \(.*(self-signed|issuer|certificate)/);
      const waited = await Promise.race([tls.messages(1).then(() => 'delivered'), new Promise((r) => setTimeout(r, 0, 'none'))]);
      assert.equal(waited, 'none');
    });

    it('with caFile (and ?requireTLS=true): delivered over TLS, the files byte for byte', async () => {
      const files = writtenFiles(out);
      const config = writeConfig(home, `mail:\n  smtp: ${tls.smtpUrl}?requireTLS=true\n  from: hostsnap@controller.test\n  caFile: ${ca.caFile}\n`);
      const run = await hostsnap(['attach', ...files.all, '--to', 'mailto:ops@hostsnap.test', '--config', config], home);
      assert.equal(run.code, 0, run.stderr);
      const [mail] = await tls.messages(1);
      // exim writes "with esmtps (TLS1.3) tls CIPHER" in Received: for a message that came over TLS.
      assert.match(mail.headers.get('received') ?? '', /with esmtps\s+\(TLS/);
      for (const file of [files.html, files.json, files.archive]) assert.ok(mail.parts.find((p) => p.filename === basename(file))?.body.equals(readFileSync(file)), basename(file));
    });
  });
});
