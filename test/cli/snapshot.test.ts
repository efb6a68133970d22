// `hostsnap snapshot` as a user runs it: the local machine, a failing host, a bad option.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { repoPath } from '../helpers/paths.js';
import { tempDirs } from '../collect/temp-dirs.js';

const tempDir = tempDirs('hostsnap-cli-');

interface Run { code: number; stdout: string; stderr: string }
/** Runs the built CLI with HOME in a scratch folder, so ~/.ssh is never the real one. */
function hostsnap(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [repoPath('bin', 'hostsnap.js'), ...args], { cwd: repoPath(), env: { ...process.env, HOME: tempDir(), SSH_AUTH_SOCK: '' }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A loopback port with nobody listening: bind, note it, close. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.2', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('hostsnap snapshot', { timeout: 90_000 }, () => {
  it('snapshots the local machine without SSH: archive and HTML report in --out', async () => {
    const out = tempDir();
    const run = await hostsnap(['snapshot', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const files = readdirSync(out).sort();
    const archive = files.find((f) => f.endsWith('.tar.gz'));
    assert.ok(archive, files.join(' '));
    const base = archive.slice(0, -'.tar.gz'.length);
    assert.deepEqual(files, [`${base}.html`, `${base}.json`, `${base}.md`, archive]);
    assert.match(readFileSync(join(out, `${base}.html`), 'utf8'), /<html/i);
    assert.match(run.stdout, new RegExp(`${join(out, archive).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\+ \\.html \\.md \\.json: \\d+ critical, \\d+ warnings?\\n$`));
    const set = await readArchive(join(out, archive));
    assert.equal(set.manifest!.transport, 'local');
    assert.equal(set.manifest!.target, 'local');
    assert.ok(set.sources.get('proc-meminfo')!.text.startsWith('MemTotal:'));
    assert.ok(base.startsWith(set.manifest!.hostname!.replace(/[^A-Za-z0-9._-]+/g, '_')));
  });

  it('names the host that failed and exits 3, writing nothing for it', async () => {
    const out = tempDir();
    const target = `root@127.0.0.2:${await closedPort()}`;
    const run = await hostsnap(['snapshot', '--out', out, target]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, new RegExp(`hostsnap: .*127\\.0\\.0\\.2.*`));
    assert.equal(run.stdout, '');
    assert.deepEqual(readdirSync(out).filter((f) => !f.startsWith('.')), []);
  });

  it('refuses an unknown report format with exit 2', async () => {
    const run = await hostsnap(['snapshot', '--out', tempDir(), '--format', 'html,pdf']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown report format 'pdf'/);
  });
});
