// Authentication through a real ssh-agent holding the only key the host accepts.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TransportError } from '../../src/errors.js';
import { connectSsh } from '../../src/transport/ssh.js';
import { newKey, startSshd, type SshdHost } from '../helpers/sshd.js';
import { runSh } from '../helpers/run-sh.js';

describe('ssh-agent authentication', () => {
  let host: SshdHost;
  let dir: string;
  let agent: ChildProcess;
  let socket: string;
  let stranger: string;
  before(async () => {
    host = await startSshd({ address: '127.0.0.8' });
    dir = mkdtempSync(join(tmpdir(), 'hostsnap-agent-'));
    socket = join(dir, 'agent.sock');
    // -D: the agent stays our child, so it is stopped by its own pid.
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
    execFileSync('ssh-add', ['-q', host.clientKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    stranger = newKey(dir, 'stranger'); // a key the host does not accept
  });
  after(async () => {
    if (agent.exitCode === null) {
      const exited = new Promise((resolve) => agent.once('exit', resolve));
      process.kill(agent.pid!, 'SIGTERM');
      await exited;
    }
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with the agent key when the identity file is not accepted', async () => {
    const ssh = await connectSsh(host.target, { ...host.sshOptions({ identity: stranger }), agentSocket: socket });
    try {
      const { stdout } = await runSh(ssh, 'echo via-agent');
      assert.equal(stdout.toString(), 'via-agent\n');
    } finally {
      await ssh.close();
    }
    assert.match(host.log(), /Accepted publickey/);
  });

  it('without the agent the same identity is refused, and the error lists what was tried', async () => {
    await assert.rejects(connectSsh(host.target, host.sshOptions({ identity: stranger })), (error: unknown) => {
      assert.ok(error instanceof TransportError, String(error));
      assert.ok(error.message.includes(`tried: publickey ${stranger}`), error.message);
      return true;
    });
  });

  it('IdentitiesOnly yes: the agent key is not offered, as ssh does not offer it', async () => {
    // Only the stranger key in the config: the agent holds the one the host accepts.
    const config = (identitiesOnly: string): string => {
      const file = join(dir, `io_${identitiesOnly}`);
      writeFileSync(file, [`Host io`, `  HostName ${host.address}`, `  Port ${host.port}`, `  User ${host.user}`,
        `  IdentityFile ${stranger}`, `  IdentitiesOnly ${identitiesOnly}`, `  UserKnownHostsFile ${host.knownHostsFile}`, ''].join('\n'));
      return file;
    };
    const opensshRuns = (file: string): boolean => spawnSync('ssh', ['-F', file, '-o', 'BatchMode=yes', 'io', 'true'],
      { stdio: 'ignore', timeout: 20_000, env: { ...process.env, SSH_AUTH_SOCK: socket } }).status === 0;
    const ours = async (file: string): Promise<void> => {
      const ssh = await connectSsh('io', { sshConfigFile: file, agentSocket: socket, connectTimeoutMs: 5000 });
      await ssh.close();
    };
    assert.equal(opensshRuns(config('no')), true);
    await ours(config('no'));
    assert.equal(opensshRuns(config('yes')), false);
    await assert.rejects(ours(config('yes')), (error: unknown) => error instanceof TransportError && error.message.endsWith(`tried: publickey ${stranger}`));
  });

  it('goes on without an agent whose socket is gone, like ssh, and notes it', async () => {
    const ssh = await connectSsh(host.target, { ...host.sshOptions(), agentSocket: join(dir, 'gone.sock') });
    try {
      assert.equal((await runSh(ssh, 'echo key')).stdout, 'key\n');
      assert.match(ssh.notes.join('\n'), /gone\.sock is not there: agent skipped/);
    } finally {
      await ssh.close();
    }
  });
});
