// The SSH session the collector runs in: every exit status arrives, even from a shell that exits
// before it reads a byte (ssh2 emits 'exit' once, possibly in the same read as the exec reply).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectSsh } from '../../src/transport/ssh.js';
import { startSshd } from '../helpers/sshd.js';

describe('ssh sessions', { timeout: 120_000 }, () => {
  it('gets the exit status of 400 sessions whose shell exits at once (ForceCommand exit 3), 8 at a time', async (t) => {
    // Before the listeners were attached inside exec's callback, 3-25% of these came back null
    // on this machine (the status and the exec reply arrived in one socket read).
    const host = await startSshd({ address: '127.0.0.5', extraConfig: ['ForceCommand exit 3', 'MaxSessions 64'] });
    t.after(() => host.stop());
    const ssh = await connectSsh(host.target, host.sshOptions());
    t.after(() => ssh.close());
    const codes: Array<number | null> = [];
    // MaxSessions 64: room for the sessions sshd is still freeing while the next 8 open.
    for (let round = 0; round < 50; round++) {
      const runs = Array.from({ length: 8 }, () => ssh.runScript('echo never read\n', { maxBytes: 1024, sudo: false }).done);
      codes.push(...(await Promise.all(runs)).map((r) => r.exitCode));
    }
    assert.equal(codes.length, 400);
    assert.deepEqual(codes.filter((c) => c !== 3), []);
    assert.equal(ssh.sessions, 400);
  });
});
