// connectSsh + exec against a real OpenSSH sshd on loopback: output, exit codes, tty, caps, timeouts, channels.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TransportError } from '../../src/errors.js';
import { connectSsh, type SshTransport } from '../../src/transport/ssh.js';
import type { ExecOptions } from '../../src/transport/types.js';
import { ensureSudo, processRunning, startSshd, type SshdHost } from '../helpers/sshd.js';

const opts = (extra: Partial<ExecOptions> = {}): ExecOptions => ({ sourceId: 'test', timeoutMs: 10_000, maxBytes: 1 << 20, ...extra });

describe('ssh exec on a real sshd', () => {
  let host: SshdHost;
  let ssh: SshTransport;
  before(async () => {
    ensureSudo();
    host = await startSshd({ address: '127.0.0.2' });
    ssh = await connectSsh(host.target, host.sshOptions());
  });
  after(async () => {
    await ssh?.close();
    await host?.stop();
  });

  it('returns stdout, stderr and the exit code', async () => {
    const { result, stdout } = await ssh.exec('echo hello; echo oops >&2; exit 3', opts());
    assert.equal(stdout.toString(), 'hello\n');
    assert.equal(result.exitCode, 3);
    assert.equal(result.stderr, 'oops\n');
    assert.equal(result.bytes, 6);
    assert.equal(result.command, 'echo hello; echo oops >&2; exit 3');
    assert.equal(result.timedOut, false);
    assert.equal(result.notFound, false);
  });

  it('marks a missing command notFound (exit 127)', async () => {
    const { result } = await ssh.exec('hostsnap-no-such-tool --version', opts());
    assert.equal(result.exitCode, 127);
    assert.equal(result.notFound, true);
    assert.match(result.stderr, /not found/);
  });

  it('finds the tools the probes use on the session PATH', async () => {
    const { result, stdout } = await ssh.exec('for t in pidstat slabtop sysctl free vmstat; do command -v $t; done', opts());
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(stdout.toString().trim().split('\n').length, 5);
  });

  it('allocates a pty with tty: true and says that stderr is merged', async () => {
    const withTty = await ssh.exec('tty; echo err >&2', opts({ tty: true }));
    assert.match(withTty.stdout.toString(), /^\/dev\/pts\/\d+\n/);
    assert.match(withTty.stdout.toString(), /err/);
    assert.doesNotMatch(withTty.stdout.toString(), /\r/);
    assert.match(withTty.result.stderr, /tty: stderr is merged/);
    const without = await ssh.exec('tty', opts());
    assert.equal(without.result.exitCode, 1);
    assert.match(without.stdout.toString(), /not a tty/);
  });

  it('classifies a failure printed on a tty from the merged output', async () => {
    const { result } = await ssh.exec('echo "sudo: a password is required"; exit 1', opts({ tty: true }));
    assert.equal(result.denied, true);
  });

  it('caps stdout at maxBytes and keeps draining', async () => {
    const { result, stdout } = await ssh.exec('head -c 300000 /dev/zero; echo done >&2', opts({ maxBytes: 1000 }));
    assert.equal(result.truncated, true);
    assert.equal(result.bytes, 1000);
    assert.equal(stdout.length, 1000);
    assert.equal(result.exitCode, 0);
    assert.equal(result.stderr, 'done\n');
  });

  it('stops a command that floods far past the cap', async () => {
    const { result } = await ssh.exec('yes', opts({ maxBytes: 1000, timeoutMs: 60_000 }));
    assert.equal(result.truncated, true);
    assert.equal(result.bytes, 1000);
    assert.equal(result.timedOut, false);
    assert.notEqual(result.exitCode, 0);
  });

  // The shell and its background child must both be gone: sshd delivers no signal to a root
  // session (no privilege separation after a root login), so this proves the second-channel kill.
  const killCases: Array<[string, Partial<ExecOptions>]> = [['plain', {}], ['with a pty', { tty: true }], ['under sudo -n', { sudo: true }]];
  for (const [name, extra] of killCases) {
    it(`kills a hanging command at its timeout, children included (${name})`, async () => {
      const { result, stdout } = await ssh.exec('sleep 60 & echo $$ $!; wait', opts({ timeoutMs: 500, ...extra }));
      assert.equal(result.timedOut, true);
      assert.equal(result.exitCode, null);
      assert.equal(result.signal, 'SIGKILL');
      const pids = stdout.toString().trim().split(' ').map(Number);
      assert.equal(pids.length, 2, stdout.toString());
      assert.ok(pids.every((pid) => pid > 1), stdout.toString());
      // sshd runs on this machine: its session processes are visible here. SIGKILL is delivered
      // asynchronously (with a pty sshd may report the close before the child has died): allow 2 s.
      for (let i = 0; i < 40 && pids.some(processRunning); i++) await new Promise((r) => setTimeout(r, 50));
      for (const pid of pids) assert.equal(processRunning(pid), false, `pid ${pid} still running`);
    });
  }

  it('kills 8 commands that time out together, every one of them', async () => {
    const outputs = await Promise.all(Array.from({ length: 8 }, () => ssh.exec('sleep 60 & echo $$ $!; wait', opts({ timeoutMs: 500 }))));
    const pids = outputs.flatMap(({ stdout }) => stdout.toString().trim().split(' ').map(Number));
    assert.ok(outputs.every(({ result }) => result.timedOut));
    assert.equal(pids.length, 16);
    for (let i = 0; i < 40 && pids.some(processRunning); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(pids.filter(processRunning), []);
  });

  it('runs 8 channels at once on one connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostsnap-channels-'));
    try {
      // Each command waits (bounded) until all 8 have started: only concurrent channels see 8.
      const script = (i: number) =>
        `touch ${dir}/${i}; n=0; while [ "$(ls ${dir} | wc -l)" -lt 8 ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n+1)); done; ls ${dir} | wc -l`;
      const outputs = await Promise.all(Array.from({ length: 8 }, (_, i) => ssh.exec(script(i), opts())));
      for (const { result, stdout } of outputs) {
        assert.equal(result.exitCode, 0);
        assert.equal(stdout.toString().trim(), '8');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('queues channels beyond the server limit instead of failing', async () => {
    const outputs = await Promise.all(Array.from({ length: 25 }, (_, i) => ssh.exec(`sleep 0.2; echo ${i}`, opts())));
    assert.deepEqual(outputs.map((o) => o.stdout.toString().trim()), Array.from({ length: 25 }, (_, i) => String(i)));
  });

  it('runs under sudo -n', async () => {
    const { result, stdout } = await ssh.exec('id -u', opts({ sudo: true }));
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(stdout.toString().trim(), '0');
  });
});

describe('a closed ssh connection', () => {
  it('closes twice without waiting, and refuses to run more with a TransportError', async () => {
    const host = await startSshd({ address: '127.0.0.2' });
    try {
      const ssh = await connectSsh(host.target, host.sshOptions());
      await ssh.close();
      await ssh.close();
      await assert.rejects(ssh.exec('true', opts()), (error: unknown) => error instanceof TransportError && error.message.startsWith(`${host.target}: cannot run test`));
    } finally {
      await host.stop();
    }
  });
});

describe('a server with a lower MaxSessions', () => {
  it('runs every command of a burst, shrinking to what the server allows', async () => {
    const host = await startSshd({ address: '127.0.0.2', extraConfig: ['MaxSessions 3'] });
    try {
      const ssh = await connectSsh(host.target, host.sshOptions());
      try {
        const outputs = await Promise.all(Array.from({ length: 8 }, (_, i) => ssh.exec(`sleep 0.3; echo ${i}`, opts())));
        assert.deepEqual(outputs.map((o) => o.stdout.toString().trim()), Array.from({ length: 8 }, (_, i) => String(i)));
      } finally {
        await ssh.close();
      }
    } finally {
      await host.stop();
    }
  });
});
