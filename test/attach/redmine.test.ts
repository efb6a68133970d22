// --attach redmine:… against a real Redmine 5 (Debian's package, SQLite, thin on loopback): read back through its API.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { attachFiles } from '../../src/attach/attach.js';
import { buildConfig } from '../../src/attach/config.js';
import { AttachError } from '../../src/attach/error.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { startRedmine, type RedmineServer } from '../helpers/redmine.js';
import { hostsnap, writeConfig, writtenFiles } from './run-cli.js';

const tempDir = tempDirs('hostsnap-attach-redmine-');

describe('attach to Redmine', { timeout: 900_000 }, () => {
  let redmine: RedmineServer;
  let home: string;
  let out: string;
  let config: string;
  before(async () => {
    redmine = await startRedmine();
    home = tempDir();
    out = tempDir();
    config = writeConfig(home, `redmine:\n  url: ${redmine.url}\n  key: ${redmine.key}\n`);
  }, { timeout: 900_000 });
  after(async () => { await redmine?.stop(); });

  const journals = async (issue: number) => (await redmine.api('GET', `issues/${issue}.json?include=journals`)).json.issue.journals as { notes: string }[];

  it('snapshot --attach redmine:ID: a note with the summary (Textile <pre>), the report, analysis and archive byte for byte', async () => {
    const run = await hostsnap(['snapshot', '--out', out, '--attach', `redmine:${redmine.issue}`, '--config', config], home);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`attached to ${redmine.url}/issues/${redmine.issue}`));
    const files = writtenFiles(out);
    const got = await redmine.attachments(redmine.issue);
    assert.deepEqual([...got.keys()].sort(), [files.html, files.json, files.archive].map((f) => basename(f)).sort());
    for (const file of [files.html, files.json, files.archive]) assert.ok(got.get(basename(file))!.equals(readFileSync(file)), `${basename(file)} differs`);
    const notes = (await journals(redmine.issue)).at(-1)!.notes;
    assert.equal(notes, `<pre>\n${readFileSync(files.md, 'utf8')}\n</pre>`);
  });

  it('attach --to redmine:new:PROJECT (Markdown instance): a new issue named after the host and its worst finding', async () => {
    const md = writeConfig(home, `redmine:\n  url: ${redmine.url}\n  key: ${redmine.key}\n  markup: common_mark\n`);
    const files = writtenFiles(out);
    const run = await hostsnap(['attach', ...files.all, '--to', `redmine:new:${redmine.project}`, '--config', md], home);
    assert.equal(run.code, 0, run.stderr);
    const id = Number(/\/issues\/(\d+)/.exec(run.stdout)?.[1]);
    const { json } = await redmine.api('GET', `issues/${id}.json`);
    const analysis = JSON.parse(readFileSync(files.json, 'utf8'));
    assert.ok(json.issue.subject.startsWith(`hostsnap: ${analysis.host.name}: `), json.issue.subject);
    if (analysis.findings.length) assert.ok(analysis.findings.some((f: { title: string }) => json.issue.subject.endsWith(f.title)), json.issue.subject);
    // Redmine stores an issue description with CRLF line ends (its text fields are normalised as a browser form posts them).
    assert.equal(json.issue.description.replace(/\r\n/g, '\n'), readFileSync(files.md, 'utf8'));
    const got = await redmine.attachments(id);
    assert.ok(got.get(basename(files.archive))!.equals(readFileSync(files.archive)));
  });

  it('leaves out what is over the configured limit and says so in the note', async () => {
    const files = writtenFiles(out);
    const limit = statSync(files.archive).size - 1;
    const small = writeConfig(home, `redmine:\n  url: ${redmine.url}\n  key: ${redmine.key}\n  maxAttachmentBytes: ${limit}\n`);
    const { json } = await redmine.api('POST', 'issues.json', { issue: { project_id: redmine.project, subject: 'limit' } });
    const run = await hostsnap(['attach', ...files.all, '--to', `redmine:${json.issue.id}`, '--config', small], home);
    assert.equal(run.code, 0, run.stderr);
    const got = await redmine.attachments(json.issue.id);
    const notes = (await journals(json.issue.id)).at(-1)!.notes;
    for (const file of [files.html, files.json, files.archive]) {
      const over = statSync(file).size > limit;
      assert.equal(got.has(basename(file)), !over, basename(file));
      assert.equal(notes.includes(`- ${basename(file)} (`), over, `${basename(file)} in the note`);
    }
    assert.match(run.stdout, new RegExp(`not attached .*${basename(files.archive).replace(/\./g, '\\.')}`));
  });

  it('a wrong API key: exit 5, said as refused credentials, nothing added', async () => {
    const before = (await journals(redmine.issue)).length;
    const bad = writeConfig(home, `redmine:\n  url: ${redmine.url}\n  key: 0000000000000000000000000000000000000000\n`);
    const run = await hostsnap(['attach', writtenFiles(out).md, '--to', `redmine:${redmine.issue}`, '--config', bad], home);
    assert.equal(run.code, 5, run.stdout);
    assert.match(run.stderr, /credentials were refused/);
    assert.equal((await journals(redmine.issue)).length, before);
  });

  it('an issue that does not exist: exit 5, said as such', async () => {
    const run = await hostsnap(['attach', writtenFiles(out).md, '--to', 'redmine:999999', '--config', config], home);
    assert.equal(run.code, 5);
    assert.match(run.stderr, /issue 999999 does not exist/);
  });

  it('a file over Redmine\'s own attachment_max_size: its 422 said as too large, exit 5', async () => {
    await redmine.setMaxAttachmentKb(1);
    try {
      const run = await hostsnap(['attach', ...writtenFiles(out).all, '--to', `redmine:${redmine.issue}`, '--config', config], home);
      assert.equal(run.code, 5, run.stdout);
      assert.match(run.stderr, /refused as too large/);
      assert.match(run.stderr, /HTTP 422/);
    } finally {
      await redmine.setMaxAttachmentKb(5120);
    }
  });

  it('a server that accepts and never answers (stopped with SIGSTOP): a timeout, exit 5', async () => {
    const slow = writeConfig(home, `redmine:\n  url: ${redmine.url}\n  key: ${redmine.key}\n  timeoutSeconds: 2\n`);
    redmine.daemon.freeze();
    try {
      const run = await hostsnap(['attach', writtenFiles(out).md, '--to', `redmine:${redmine.issue}`, '--config', slow], home);
      assert.equal(run.code, 5);
      assert.match(run.stderr, /no answer from .* within 2 s/);
    } finally {
      redmine.daemon.thaw();
    }
  });

  // Last: it stops the server.
  it('the server gone between the uploads and the issue update: a half-done upload, said with what is left behind', async () => {
    const files = writtenFiles(out);
    const config = buildConfig({ redmine: { url: redmine.url, key: redmine.key, timeoutSeconds: 10 } }, {});
    let uploaded = 0;
    const error = await attachFiles(files.all, { system: 'redmine', ticket: redmine.issue }, config, {
      onUploaded: async () => { if (++uploaded === 3) await redmine.daemon.stop(); },
    }).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof AttachError, String(error));
    assert.equal(error.failure, 'half-done');
    assert.match(error.message, /3 file\(s\) uploaded but not attached to issue \d+ \(unreachable/);
  });
});
