// Targets, the config file and the environment: what is refused before anything is collected or sent.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildConfig } from '../../src/attach/config.js';
import { AttachError } from '../../src/attach/error.js';
import { fitRtText } from '../../src/attach/rt-limit.js';
import { parseSmtpUrl } from '../../src/attach/smtp-url.js';
import { parseTarget } from '../../src/attach/target.js';
import { UsageError } from '../../src/errors.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { incidentPath } from '../helpers/paths.js';
import { hostsnap, writeConfig } from './run-cli.js';

const tempDir = tempDirs('hostsnap-attach-config-');

describe('attach targets', () => {
  it('reads the five forms', () => {
    assert.deepEqual(parseTarget('rt:123'), { system: 'rt', ticket: 123 });
    assert.deepEqual(parseTarget('rt:new:Ops Queue'), { system: 'rt', newIn: 'Ops Queue' });
    assert.deepEqual(parseTarget('redmine:7'), { system: 'redmine', ticket: 7 });
    assert.deepEqual(parseTarget('redmine:new:infra'), { system: 'redmine', newIn: 'infra' });
    assert.deepEqual(parseTarget('mailto:rt@example.com'), { system: 'mail', address: 'rt@example.com', ticket: null });
    assert.deepEqual(parseTarget('mailto:rt@example.com?ticket=42'), { system: 'mail', address: 'rt@example.com', ticket: 42 });
  });
  for (const bad of ['rt:', 'rt:0', 'rt:12a', 'jira:1', 'redmine:new:', 'mailto:a@b.c,d@e.f', 'mailto:Ops <ops@x.y>', 'rt:new:a\nb']) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.throws(() => parseTarget(bad), UsageError));
  }
});

describe('SMTP URLs', () => {
  it('reads smtp, smtps, user and password, requireTLS', () => {
    assert.deepEqual(parseSmtpUrl('smtp://mx.example.com?requireTLS=true'), { host: 'mx.example.com', port: 25, secure: false, requireTLS: true });
    assert.deepEqual(parseSmtpUrl('smtps://u%40x:p%3Aw@[::1]'), { host: '::1', port: 465, secure: true, requireTLS: false, auth: { user: 'u@x', pass: 'p:w' } });
  });
  for (const bad of ['smtp://mx?tls.rejectUnauthorized=false', 'smtp://mx?ignoreTLS=true', 'smtp://mx?requireTLS=yes', 'http://mx', 'mx:25']) {
    it(`refuses ${bad}: nothing may switch certificate checks off`, () => assert.throws(() => parseSmtpUrl(bad), AttachError));
  }
});

describe('RT comment text', () => {
  it('a summary over $MaxAttachmentSize is cut at a line end within the limit, and says so', () => {
    const text = 'é line\n'.repeat(200);
    const cut = fitRtText(text, 500);
    assert.ok(Buffer.byteLength(cut) <= 500, String(Buffer.byteLength(cut)));
    assert.match(cut, /^(é line\n)+\n\*\*Summary cut\*\* here to fit Request Tracker's \$MaxAttachmentSize \(500 bytes\)/);
    assert.equal(fitRtText(text, 5000), text);
  });
});

describe('attach configuration', () => {
  it('lays the HOSTSNAP_* variables over the file', () => {
    const config = buildConfig(
      { timeoutSeconds: 9, rt: { url: 'https://rt.example.com', token: 'file-token' }, redmine: { url: 'https://r.example.com', key: 'k', markup: 'markdown' } },
      { HOSTSNAP_RT_TOKEN: 'env-token', HOSTSNAP_SMTP_URL: 'smtp://mx.example.com:587', HOSTSNAP_MAIL_FROM: 'h@example.com' });
    assert.equal(config.rt?.token, 'env-token');
    assert.equal(config.rt?.timeoutSeconds, 9);
    assert.equal(config.redmine?.markup, 'markdown');
    assert.equal(config.mail?.from, 'h@example.com');
    assert.equal(config.mail?.ticketTag, 'rt.example.com', 'the tag defaults to the RT host name');
  });

  it('a config file others may read is refused before anything is collected: exit 2, nothing written', async () => {
    const home = tempDir();
    const config = writeConfig(home, 'rt:\n  url: http://127.0.0.1:9\n  token: secret\n', 0o644);
    const out = join(tempDir(), 'out');
    const run = await hostsnap(['snapshot', '--out', out, '--attach', 'rt:1', '--config', config], home);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /readable or writable by others: refused/);
    assert.match(run.stderr, /found: mode 0644/);
    assert.equal(existsSync(out), false);
  });

  it('a system the config does not name: exit 2, said with the variable to set', async () => {
    const home = tempDir();
    const run = await hostsnap(['analyze', incidentPath, '--out', tempDir(), '--attach', 'redmine:3'], home);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no redmine configured/);
    assert.match(run.stderr, /HOSTSNAP_REDMINE_URL/);
  });

  it('analyze --attach without --out: exit 2 (only written files are sent)', async () => {
    const home = tempDir();
    const run = await hostsnap(['analyze', incidentPath, '--attach', 'mailto:ops@example.com'], home, { HOSTSNAP_SMTP_URL: 'smtp://127.0.0.1:9', HOSTSNAP_MAIL_FROM: 'h@example.com' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--attach needs --out/);
  });
});
