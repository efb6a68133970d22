// Host key trust over a real sshd: unknown refused with its fingerprint, --accept-new, changed key refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HostKeyError } from '../../src/errors.js';
import { fingerprintSha256 } from '../../src/transport/host-keys.js';
import { connectSsh } from '../../src/transport/ssh.js';
import { newKey, startSshd, type SshdHost } from '../helpers/sshd.js';
import { runSh } from '../helpers/run-sh.js';

describe('host key trust on a real sshd', () => {
  let host: SshdHost;
  let replaced: SshdHost | undefined;
  let dir: string;
  let knownHosts: string;
  before(async () => {
    host = await startSshd({ address: '127.0.0.4' });
    dir = mkdtempSync(join(tmpdir(), 'hostsnap-trust-'));
    knownHosts = join(dir, 'home', '.ssh', 'known_hosts'); // folder absent: accept-new creates it
  });
  after(async () => {
    await host?.stop();
    await replaced?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown host, naming it, its key type and SHA256 fingerprint', async () => {
    await assert.rejects(connectSsh(host.target, host.sshOptions({ knownHostsFile: knownHosts })), (error: unknown) => {
      assert.ok(error instanceof HostKeyError, String(error));
      assert.equal(error.changed, false);
      assert.equal(error.host, host.target);
      assert.equal(error.fingerprint, fingerprintSha256(host.hostKeyBlob));
      assert.ok(error.message.includes(fingerprintSha256(host.hostKeyBlob)));
      assert.ok(error.message.includes(`[${host.address}]:${host.port}`));
      assert.match(error.message, /ssh-ed25519.*--accept-new/s);
      return true;
    });
    assert.equal(existsSync(knownHosts), false);
  });

  it('accepts a new host with acceptNew, appends it, and needs no acceptNew the second time', async () => {
    const first = await connectSsh(host.target, host.sshOptions({ knownHostsFile: knownHosts, acceptNew: true }));
    try {
      assert.equal((await runSh(first, 'echo ok')).stdout, 'ok\n');
      assert.match(first.notes.join('\n'), /host key added/);
    } finally {
      await first.close();
    }
    assert.equal(readFileSync(knownHosts, 'utf8'), `[${host.address}]:${host.port} ssh-ed25519 ${host.hostKeyBlob.toString('base64')}\n`);
    assert.equal(statSync(join(dir, 'home', '.ssh')).mode & 0o777, 0o700);
    assert.equal(statSync(knownHosts).mode & 0o777, 0o600);
    const second = await connectSsh(host.target, host.sshOptions({ knownHostsFile: knownHosts }));
    assert.equal((await runSh(second, 'echo again')).stdout, 'again\n');
    await second.close();
    // OpenSSH's own client trusts the entry we wrote, with strict checking.
    execFileSync('ssh', ['-F', 'none', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHosts}`,
      '-i', host.clientKeyPath, '-p', String(host.port), `${host.user}@${host.address}`, 'true'], { stdio: 'ignore', env: { ...process.env, HOME: dir } });
  });

  it('trusts a host listed in a known_hosts file hashed by ssh-keygen -H', async () => {
    const ssh = await connectSsh(host.target, host.sshOptions({ knownHostsFile: host.hashedKnownHostsFile }));
    assert.equal((await runSh(ssh, 'echo hashed')).stdout, 'hashed\n');
    await ssh.close();
  });

  it('refuses a changed host key loudly, even with acceptNew, and leaves known_hosts alone', async () => {
    const { address, port } = host;
    await host.stop();
    // The same address and port, served by a reinstalled host with a new key.
    replaced = await startSshd({ address, port });
    const before = readFileSync(knownHosts, 'utf8');
    await assert.rejects(connectSsh(replaced.target, replaced.sshOptions({ knownHostsFile: knownHosts, acceptNew: true })), (error: unknown) => {
      assert.ok(error instanceof HostKeyError, String(error));
      assert.equal(error.changed, true);
      assert.match(error.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
      assert.ok(error.message.includes(fingerprintSha256(replaced!.hostKeyBlob)));
      assert.match(error.message, /ssh-keygen -R/);
      return true;
    });
    assert.equal(readFileSync(knownHosts, 'utf8'), before);
  });
});

describe('a host with several host keys', () => {
  let host: SshdHost;
  let dir: string;
  let ecdsaLine: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostsnap-twokeys-'));
    const ecdsa = newKey(dir, 'host_ecdsa', 'ecdsa');
    ecdsaLine = readFileSync(`${ecdsa}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    host = await startSshd({ address: '127.0.0.4', extraConfig: [`HostKey ${ecdsa}`] });
  });
  after(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the key type known_hosts holds (ecdsa) instead of the preferred ed25519', async () => {
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[${host.address}]:${host.port} ${ecdsaLine}\n`);
    const ssh = await connectSsh(host.target, host.sshOptions({ knownHostsFile: knownHosts }));
    assert.equal((await runSh(ssh, 'echo ecdsa')).stdout, 'ecdsa\n');
    await ssh.close();
    assert.equal(readFileSync(knownHosts, 'utf8').split('\n').filter(Boolean).length, 1);
  });
});
