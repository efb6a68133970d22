// --attach mailto:… through a real MTA (exim4 from Debian's packages, on loopback) into a Maildir, parsed back.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { startExim, type EximServer } from '../helpers/exim.js';
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
});
