// `hostsnap snapshot A B C` over real sshd: hosts collected concurrently, one failure named, exit 3.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';
import { configBlock, startSshd, type SshdHost } from '../helpers/sshd.js';

const tempDir = tempDirs('hostsnap-hosts-');

/** A loopback port that was free a moment ago: connecting to it is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('hostsnap snapshot with several targets', { timeout: 120_000 }, () => {
  const hosts: SshdHost[] = [];
  before(async () => {
    hosts.push(await startSshd({ address: '127.0.0.2', alias: 'alpha' }), await startSshd({ address: '127.0.0.3', alias: 'beta' }));
  });
  after(async () => {
    for (const host of hosts) await host.stop();
  });

  it('collects them at once, prints one line per host and names the one that failed', async () => {
    // A HOME of its own: ~/.ssh/config with the two aliases, ~/.ssh/known_hosts with their keys.
    const home = tempDir();
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    // gamma: a loopback port nobody listens on (refused at once; no name leaves the machine).
    const gamma = { alias: 'gamma', address: '127.0.0.1', port: await closedPort(), user: 'root', clientKeyPath: hosts[0].clientKeyPath };
    writeFileSync(join(home, '.ssh', 'config'), [...hosts, gamma].map((h) => configBlock(h)).join('\n'));
    writeFileSync(join(home, '.ssh', 'known_hosts'), hosts.map((h) => readFileSync(h.knownHostsFile, 'utf8')).join(''));
    const out = tempDir();
    const args = [repoPath('bin', 'hostsnap.js'), 'snapshot', '--out', out, '--format', 'md', '--concurrency', '3', 'alpha', 'beta', 'gamma'];
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, args, { env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '' }, timeout: 90_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }));
    });
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /^hostsnap: gamma: /m);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 2, run.stdout);
    for (const alias of ['alpha', 'beta']) assert.ok(lines.some((l) => l.includes(`(${alias}): `)), run.stdout);
    const archives = readdirSync(out).filter((f) => f.endsWith('.tar.gz'));
    const reports = readdirSync(out).filter((f) => f.endsWith('.md'));
    assert.equal(archives.length, 2);
    assert.deepEqual(reports.map((f) => f.replace(/\.md$/, '')).sort(), archives.map((f) => f.replace(/\.tar\.gz$/, '')).sort());
  });
});
