// --attach rt:… against a real Request Tracker 5 (Debian's packages, SQLite, rt-server on loopback): read back through REST2.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { incidentPath } from '../helpers/paths.js';
import { startRt, type RtServer } from '../helpers/rt.js';
import { hostsnap, writeConfig, writtenFiles } from './run-cli.js';
import { startTlsProxy } from './tls-proxy.js';

const tempDir = tempDirs('hostsnap-attach-rt-');

describe('attach to Request Tracker', { timeout: 900_000 }, () => {
  let rt: RtServer;
  let home: string;
  let out: string;
  let config: string;
  let ticket: number;
  before(async () => {
    rt = await startRt();
    home = tempDir();
    out = tempDir();
    config = writeConfig(home, `rt:\n  url: ${rt.url}\n  token: ${rt.token}\n`);
    const created = await rt.api('POST', 'ticket', { Queue: 'General', Subject: 'web1 is swapping' });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    ticket = Number(created.json.id);
  }, { timeout: 900_000 });
  after(async () => { await rt?.stop(); });

  /** The text/plain body of the ticket's last comment. */
  const lastComment = async (id: number): Promise<string> => {
    const list = await rt.api('GET', `ticket/${id}/attachments?per_page=100&fields=ContentType,Filename`);
    const bodies = (list.json.items as { id: string; ContentType: string; Filename: string }[]).filter((a) => a.ContentType === 'text/plain' && !a.Filename);
    const one = await rt.api('GET', `attachment/${bodies.at(-1)!.id}`);
    return Buffer.from(one.json.Content, 'base64').toString('utf8');
  };

  it('collect --attach rt:ID (a host per comment): the summary as the comment, report, analysis and archive byte for byte', async () => {
    const inventory = join(home, 'hosts.txt');
    writeFileSync(inventory, 'local\n');
    const run = await hostsnap(['collect', '-i', inventory, '--out', out, '--attach', `rt:${ticket}`, '--config', config], home);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`attached to ${rt.url}/Ticket/Display.html\\?id=${ticket}`));
    const files = writtenFiles(out);
    const got = await rt.attachments(ticket);
    for (const file of [files.html, files.json, files.archive]) assert.ok(got.get(basename(file))?.equals(readFileSync(file)), `${basename(file)} differs or is missing`);
    assert.equal(await lastComment(ticket), readFileSync(files.md, 'utf8'));
  });

  it('an RT with a small $MaxAttachmentSize that drops silently: nothing RT would drop is sent, what is left out is named', async () => {
    const files = writtenFiles(out);
    // The archive (gzip: NUL bytes) between 3/4 of the limit and the limit: RT on SQLite base64-encodes
    // a part with a NUL and keeps 3/4 of $MaxAttachmentSize for it, so only the 3/4 rule keeps it out.
    const max = statSync(files.archive).size + 1;
    const small = await rt.alsoServe([`Set($MaxAttachmentSize, ${max});`, 'Set($DropLongAttachments, 1);']);
    try {
      const created = await rt.api('POST', 'ticket', { Queue: 'General', Subject: 'small limit' });
      const id = Number(created.json.id);
      // What RT itself does with the archive there: stored as NAME.txt, "Large attachment dropped".
      const raw = await fetch(`${small.url}/REST/2.0/ticket/${id}/comment`, {
        method: 'POST', headers: { authorization: `token ${rt.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ Content: 'raw', ContentType: 'text/plain', Attachments: [{ FileName: 'raw.tar.gz', FileType: 'application/gzip', FileContent: readFileSync(files.archive).toString('base64') }] }),
      });
      assert.equal(raw.status, 201);
      assert.equal((await rt.attachments(id)).get('raw.tar.gz.txt')?.toString(), 'Large attachment dropped');

      const config = writeConfig(home, `rt:\n  url: ${small.url}\n  token: ${rt.token}\n  maxAttachmentBytes: ${max}\n`);
      const run = await hostsnap(['attach', ...files.all, '--to', `rt:${id}`, '--config', config], home);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`not attached \\(over the size limit, said in the text\\): .*${basename(files.archive).replace(/\./g, '\\.')}`));
      const got = await rt.attachments(id);
      assert.equal(got.has(basename(files.archive)), false);
      assert.equal(got.has(`${basename(files.archive)}.txt`), false, 'RT dropped nothing of ours');
      for (const file of [files.html, files.json]) {
        if (statSync(file).size <= max) assert.ok(got.get(basename(file))?.equals(readFileSync(file)), `${basename(file)} differs or is missing`);
        else assert.equal(got.has(basename(file)), false, `${basename(file)} is over the limit`);
      }
      const comment = await lastComment(id);
      assert.ok(comment.startsWith(readFileSync(files.md, 'utf8').trimEnd()), 'the summary, then the list');
      assert.match(comment, new RegExp(`\\*\\*Not attached:\\*\\*\\n(- .*\\n)*- ${basename(files.archive).replace(/\./g, '\\.')} \\(.*\\): over this system's limit of .*3/4 of \\$MaxAttachmentSize for a binary file`));
    } finally {
      await small.stop();
    }
  });

  it('analyze --attach rt:new:QUEUE: a new ticket whose subject names the host and the worst finding', async () => {
    const dir = tempDir();
    const run = await hostsnap(['analyze', incidentPath, '--out', dir, '--format', 'html,md,json', '--attach', 'rt:new:General', '--config', config], home);
    assert.equal(run.code, 0, run.stderr);
    const id = Number(/Display\.html\?id=(\d+)/.exec(run.stdout)?.[1]);
    const { json } = await rt.api('GET', `ticket/${id}`);
    assert.equal(json.Subject, 'hostsnap: web1: critical: Lowmem of a 32-bit kernel is exhausted');
    const html = run.stdout.split('\n').find((l) => l.endsWith('.html'))!;
    assert.ok((await rt.attachments(id)).get(basename(html))?.equals(readFileSync(html)));
  });

  it('user and password from HOSTSNAP_RT_* variables, no config file: HTTP Basic, comment added', async () => {
    const files = writtenFiles(out);
    const run = await hostsnap(['attach', files.md, files.html, '--to', `rt:${ticket}`], home,
      { HOSTSNAP_RT_URL: rt.url, HOSTSNAP_RT_USER: rt.user, HOSTSNAP_RT_PASSWORD: rt.password });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await lastComment(ticket), readFileSync(files.md, 'utf8'));
  });

  it('a wrong token: exit 5, said as refused credentials', async () => {
    const bad = writeConfig(home, `rt:\n  url: ${rt.url}\n  token: 1-14-00000000000000000000000000000000\n`);
    const run = await hostsnap(['attach', writtenFiles(out).md, '--to', `rt:${ticket}`, '--config', bad], home);
    assert.equal(run.code, 5);
    assert.match(run.stderr, /Request Tracker: the credentials were refused/);
    assert.match(run.stderr, /to try again: hostsnap attach /);
  });

  it('a ticket or a queue that does not exist: exit 5, said as such (RT itself answers 400 and 403 there)', async () => {
    const missing = await hostsnap(['attach', writtenFiles(out).md, '--to', 'rt:99999', '--config', config], home);
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /ticket 99999 does not exist/);
    const queue = await hostsnap(['attach', writtenFiles(out).md, '--to', 'rt:new:NoSuchQueue', '--config', config], home);
    assert.equal(queue.code, 5);
    assert.match(queue.stderr, /queue 'NoSuchQueue' does not exist/);
  });

  it('over HTTPS with an internal CA: refused unverified without caFile; collect --attach-mode fleet sends the index with it', async () => {
    const proxy = await startTlsProxy(tempDir(), rt.daemon.port);
    try {
      const files = writtenFiles(out);
      const plain = writeConfig(home, `rt:\n  url: ${proxy.url}\n  token: ${rt.token}\n`);
      const refused = await hostsnap(['attach', files.md, '--to', `rt:${ticket}`, '--config', plain], home);
      assert.equal(refused.code, 5);
      assert.match(refused.stderr, /TLS certificate of https:\/\/127\.0\.0\.1:\d+ was not verified/);

      const withCa = writeConfig(home, `rt:\n  url: ${proxy.url}\n  token: ${rt.token}\n  caFile: ${proxy.caFile}\n`);
      const fleetOut = tempDir();
      const inventory = join(home, 'fleet.txt');
      writeFileSync(inventory, 'local\n');
      const run = await hostsnap(['collect', '-i', inventory, '--out', fleetOut, '--attach', `rt:${ticket}`, '--attach-mode', 'fleet', '--config', withCa], home);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.match(/attached to /g)?.length, 1, run.stdout);
      const got = await rt.attachments(ticket);
      for (const name of ['index.html', 'index.json']) assert.ok(got.get(name)?.equals(readFileSync(join(fleetOut, name))), name);
      assert.equal(await lastComment(ticket), readFileSync(join(fleetOut, 'index.md'), 'utf8'));
    } finally {
      await proxy.close();
    }
  });
});
