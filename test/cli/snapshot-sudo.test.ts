// `hostsnap snapshot --sudo` as a user sudo refuses: root-only probes are recorded as denied, no hang.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';

const tempDir = tempDirs('hostsnap-sudo-');

function hasSudo(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v sudo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The built tool copied where `nobody` can read it: the clone may sit under a folder only root
 * may enter (mktemp -d makes it 0700), and nobody must reach bin/, dist/ and node_modules/.
 */
function readableCopy(): string {
  const app = tempDir();
  chmodSync(app, 0o755);
  for (const part of ['package.json', 'bin', join('dist', 'src'), 'templates', 'node_modules']) {
    cpSync(repoPath(part), join(app, part), { recursive: true });
  }
  return app;
}

describe('hostsnap snapshot --sudo', { timeout: 180_000 }, () => {
  before(() => {
    // Like the harness does for sshd and sysstat: the machines run as root, Debian's apt works.
    if (!hasSudo()) execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'sudo'], { stdio: 'ignore', timeout: 120_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  });

  it('runs needsRoot probes through sudo -n and records the refusal as a denial', async () => {
    const out = tempDir();
    chmodSync(out, 0o777);
    const app = readableCopy();
    // nobody has no sudo rule: `sudo -n` answers "a password is required" at once instead of asking.
    const command = `cd ${app} && exec ${process.execPath} bin/hostsnap.js snapshot --sudo --format json --out ${out}`;
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('su', ['nobody', '-s', '/bin/sh', '-c', command], { timeout: 90_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? -1) : 0, stderr }));
    });
    assert.equal(run.code, 0, run.stderr);
    const archive = readdirSync(out).find((f) => f.endsWith('.tar.gz'))!;
    const set = await readArchive(join(out, archive));
    assert.equal(set.manifest!.sudo, true);
    const entry = (id: string) => set.manifest!.probes.find((p) => p.id === id)!;
    for (const id of ['proc-slabinfo', 'slabtop']) {
      assert.equal(entry(id).attempts[0].denied, true, id);
      assert.match(entry(id).attempts[0].stderr, /a password is required/, id);
      assert.equal(entry(id).file, null, id);
    }
    // The manifest says which probe would have held slabtop's caches; proc-slabinfo has no stand-in.
    assert.equal(entry('slabtop').coveredBy, 'proc-slabinfo');
    assert.equal(entry('proc-slabinfo').coveredBy, undefined);
    // Probes that need no root ran as the user, without sudo, and succeeded.
    assert.equal(entry('proc-meminfo').attempts[0].exitCode, 0);
    assert.ok(set.sources.get('proc-meminfo')!.text.startsWith('MemTotal:'));
  });
});
