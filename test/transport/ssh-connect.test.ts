// Connecting like ssh: config aliases, ProxyJump through a second sshd, and errors that name the host.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HostKeyError, TransportError } from '../../src/errors.js';
import { fingerprintSha256 } from '../../src/transport/host-keys.js';
import { connectSsh, type SshOptions } from '../../src/transport/ssh.js';
import { configBlock, startSshd, type SshdHost } from '../helpers/sshd.js';
import { runSh } from '../helpers/run-sh.js';

describe('connecting through ssh config and ProxyJump', () => {
  let target: SshdHost;
  let jump: SshdHost;
  let jump2: SshdHost;
  let dir: string;
  let config: string;
  let knownHosts: string;
  let base: SshOptions;
  before(async () => {
    target = await startSshd({ address: '127.0.0.6', alias: 'snapme' });
    // DEBUG1 makes the jump host log each forwarded connection's destination.
    jump = await startSshd({ address: '127.0.0.7', alias: 'bastion', extraConfig: ['LogLevel DEBUG1'] });
    jump2 = await startSshd({ address: '127.0.0.12', alias: 'bastion2', extraConfig: ['LogLevel DEBUG1'] });
    dir = mkdtempSync(join(tmpdir(), 'hostsnap-connect-'));
    config = join(dir, 'config');
    writeFileSync(config, [
      configBlock(target),
      configBlock({ ...target, alias: 'behind' }, ['ProxyJump bastion']),
      configBlock({ ...target, alias: 'deep' }, ['ProxyJump bastion,bastion2']),
      configBlock({ ...target, alias: 'aliased' }, ['HostKeyAlias snapme-key']),
      configBlock(jump),
      configBlock(jump2),
    ].join('\n'));
    knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, [target, jump, jump2].map((h) => readFileSync(h.knownHostsFile, 'utf8')).join(''));
    base = { sshConfigFile: config, knownHostsFile: knownHosts, agentSocket: null, connectTimeoutMs: 5000 };
  });
  after(async () => {
    await target?.stop();
    await jump?.stop();
    await jump2?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a Host alias to its HostName, Port, User and IdentityFile', async () => {
    const ssh = await connectSsh('snapme', base);
    try {
      assert.equal(ssh.target, 'snapme');
      const { stdout } = await runSh(ssh, 'id -un; echo "$SSH_CONNECTION"');
      const [user, connection] = stdout.toString().trim().split('\n');
      assert.equal(user, target.user);
      assert.match(connection, new RegExp(` ${target.address.replace(/\./g, '\\.')} ${target.port}$`));
    } finally {
      await ssh.close();
    }
  });

  it('looks the host key up under its HostKeyAlias, without a port, like ssh', async () => {
    const aliasKnownHosts = join(dir, 'known_hosts.alias');
    writeFileSync(aliasKnownHosts, `snapme-key ssh-ed25519 ${target.hostKeyBlob.toString('base64')}\n`);
    const ssh = await connectSsh('aliased', { ...base, knownHostsFile: aliasKnownHosts });
    assert.equal((await runSh(ssh, 'echo alias')).stdout, 'alias\n');
    await ssh.close();
    await assert.rejects(connectSsh('snapme', { ...base, knownHostsFile: aliasKnownHosts }), HostKeyError);
  });

  it('goes through a ProxyJump host, checking both host keys', async () => {
    const ssh = await connectSsh('behind', base);
    try {
      assert.equal(ssh.resolved.jumps[0].host, jump.address);
      const { stdout } = await runSh(ssh, 'echo "$SSH_CONNECTION"');
      assert.match(stdout.toString(), new RegExp(` ${target.port}\n$`));
    } finally {
      await ssh.close();
    }
    assert.match(jump.log(), new RegExp(`target ${target.address.replace(/\./g, '\\.')} port ${target.port}`));
  });

  it('goes through two ProxyJump hops in order', async () => {
    const ssh = await connectSsh('deep', base);
    try {
      assert.deepEqual(ssh.resolved.jumps.map((j) => j.alias), ['bastion', 'bastion2']);
      assert.equal((await runSh(ssh, 'echo deep')).stdout, 'deep\n');
    } finally {
      await ssh.close();
    }
    const forwarded = (to: SshdHost) => new RegExp(`target ${to.address.replace(/\./g, '\\.')} port ${to.port}`);
    assert.match(jump.log(), forwarded(jump2));
    assert.match(jump2.log(), forwarded(target));
  });

  it('refuses an unknown jump host key and says it is the jump host', async () => {
    await assert.rejects(connectSsh('behind', { ...base, knownHostsFile: target.knownHostsFile }), (error: unknown) => {
      assert.ok(error instanceof HostKeyError, String(error));
      assert.match(error.message, /via jump host bastion/);
      assert.ok(error.message.includes(fingerprintSha256(jump.hostKeyBlob)));
      return true;
    });
  });

  it('lets user@ in the target beat User, and lists the methods tried when auth fails', async () => {
    await assert.rejects(connectSsh('nobody@snapme', base), (error: unknown) => {
      assert.ok(error instanceof TransportError && !(error instanceof HostKeyError), String(error));
      assert.match(error.message, /^nobody@snapme: authentication failed for nobody@/);
      assert.ok(error.message.includes(`tried: publickey ${target.clientKeyPath}`), error.message);
      return true;
    });
  });

  it('skips an encrypted key without passphrase and says so', async () => {
    const encrypted = join(dir, 'encrypted');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', encrypted]);
    await assert.rejects(connectSsh(target.target, { ...base, sshConfigFile: '/dev/null', identity: encrypted }), (error: unknown) => {
      assert.ok(error instanceof TransportError, String(error));
      assert.match(error.message, /encrypted private key and no passphrase: skipped/);
      assert.match(error.message, /tried: none available/);
      return true;
    });
  });
});

describe('connection errors name the host', () => {
  let silent: Server;
  let silentPort: number;
  const sockets: Socket[] = [];
  before(async () => {
    // Accepts TCP and never speaks SSH: the handshake times out.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.6', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  after(async () => {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });
  const none: SshOptions = { sshConfigFile: '/dev/null', knownHostsFile: '/dev/null', agentSocket: null };

  it('connection refused', async () => {
    await assert.rejects(connectSsh('root@127.0.0.6:1', none), /^TransportError: root@127\.0\.0\.6:1: connection refused by root@\[127\.0\.0\.6\]:1/);
  });

  it('handshake timeout', async () => {
    await assert.rejects(connectSsh(`root@127.0.0.6:${silentPort}`, { ...none, connectTimeoutMs: 300 }), (error: unknown) => {
      assert.ok(error instanceof TransportError);
      assert.match(error.message, /timed out after 300 ms connecting to root@\[127\.0\.0\.6\]/);
      return true;
    });
  });

  // No test resolves an unknown host name: that query would leave the machine (the system
  // resolver is not on loopback), and tests talk to loopback only.
});
