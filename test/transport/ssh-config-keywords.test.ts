// ssh_config keywords hostsnap honours (UserKnownHostsFile, StrictHostKeyChecking accept-new,
// ConnectTimeout), each checked against real sshd and against what OpenSSH's client does with the same file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveTarget } from '../../src/transport/ssh-config.js';
import { connectSsh } from '../../src/transport/ssh.js';
import { configBlock, startSshd, type SshdHost } from '../helpers/sshd.js';

/** What the real ssh client does with the config: run `true` on the host, never prompting. */
function opensshRuns(file: string, alias: string): boolean {
  return spawnSync('ssh', ['-F', file, '-o', 'BatchMode=yes', alias, 'true'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

function sshG(file: string, alias: string, key: string): string | undefined {
  const out = execFileSync('ssh', ['-G', '-F', file, alias], { encoding: 'utf8' });
  return out.split('\n').find((l) => l.startsWith(`${key} `))?.slice(key.length + 1);
}

describe('ssh_config keywords against real sshd and ssh', { timeout: 60_000 }, () => {
  let host: SshdHost;
  before(async () => { host = await startSshd({ address: '127.0.5.50', alias: 'kw' }); });
  after(async () => { await host.stop(); });

  const connect = async (file: string): Promise<void> => {
    // No knownHostsFile from the caller: the config must say where the keys are.
    const transport = await connectSsh('kw', { ...host.sshOptions(), knownHostsFile: undefined, sshConfigFile: file });
    await transport.close();
  };

  it('UserKnownHostsFile: the key is looked up where the config says, as ssh does', async () => {
    const file = join(host.dir, 'kw_config');
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${host.knownHostsFile}`, 'StrictHostKeyChecking yes']));
    assert.equal(sshG(file, 'kw', 'userknownhostsfile'), host.knownHostsFile);
    assert.equal(resolveTarget('kw', { configFile: file }).userKnownHostsFile, host.knownHostsFile);
    assert.equal(opensshRuns(file, 'kw'), true);
    await connect(file);
    // Pointed at an empty file, both refuse the host.
    const empty = join(host.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${empty}`, 'StrictHostKeyChecking yes']));
    assert.equal(opensshRuns(file, 'kw'), false);
    await assert.rejects(connect(file), /not known|unknown|known_hosts/i);
  });

  it('StrictHostKeyChecking accept-new: the unknown key is recorded, as ssh records it', async () => {
    const file = join(host.dir, 'an_config');
    const known = join(host.dir, 'an_known_hosts');
    writeFileSync(known, '');
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${known}`, 'StrictHostKeyChecking accept-new']));
    assert.equal(sshG(file, 'kw', 'stricthostkeychecking'), 'accept-new');
    await connect(file);
    const ours = readFileSync(known, 'utf8');
    assert.match(ours, new RegExp(`ssh-ed25519 ${host.hostKeyBlob.toString('base64').replace(/[+/]/g, '\\$&')}`));
    writeFileSync(known, '');
    assert.equal(opensshRuns(file, 'kw'), true);
    assert.match(readFileSync(known, 'utf8'), /ssh-ed25519/);
  });

  it('ConnectTimeout: the seconds ssh -G reports become the connect timeout', () => {
    const file = join(host.dir, 'ct_config');
    writeFileSync(file, configBlock(host, ['ConnectTimeout 3']));
    assert.equal(sshG(file, 'kw', 'connecttimeout'), '3');
    assert.equal(resolveTarget('kw', { configFile: file }).connectTimeoutMs, 3000);
  });
});
