// -F FILE (as ssh -F) for the writing commands: the alias is resolved from that file, not ~/.ssh/config.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';
import { configBlock, startSshd, type SshdHost } from '../helpers/sshd.js';

const tempDir = tempDirs('hostsnap-dashF-');

describe('collect -F FILE', { timeout: 120_000 }, () => {
  let host: SshdHost;
  before(async () => { host = await startSshd({ address: '127.0.5.40', alias: 'viaF' }); });
  after(async () => { await host.stop(); });

  it('reaches a Host alias defined only in the -F file, as ssh -G does with it', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    writeFileSync(join(home, '.ssh', 'known_hosts'), readFileSync(host.knownHostsFile));
    const file = join(home, 'other_config');
    writeFileSync(file, configBlock(host));
    // The oracle: OpenSSH resolves the alias from the same file to the same address and port.
    const g = execFileSync('ssh', ['-G', '-F', file, 'viaF'], { encoding: 'utf8' });
    assert.match(g, new RegExp(`^hostname ${host.address.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(g, new RegExp(`^port ${host.port}$`, 'm'));
    const inventory = join(home, 'fleet.txt');
    writeFileSync(inventory, 'viaF\n');
    const out = tempDir();
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [repoPath('bin', 'hostsnap.js'), 'collect', '-i', inventory, '-F', file, '--out', out, '--format', 'md'],
        { env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '' }, timeout: 90_000 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }));
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(join(out, 'failed.txt'), 'utf8'), '');
    assert.match(readFileSync(join(out, 'index.md'), 'utf8'), /viaF/);
    // Without -F the alias means nothing: the same run fails, naming the host.
    const bare = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [repoPath('bin', 'hostsnap.js'), 'collect', '-i', inventory, '--out', tempDir(), '--format', 'md', '--connect-timeout', '3'],
        { env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '' }, timeout: 90_000 }, (error, stdout) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout }));
    });
    assert.equal(bare.code, 3);
    assert.match(bare.stdout, /^viaF: FAILED: /m);
  });
});
