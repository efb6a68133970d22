// The sshd harness itself: its own files, a replay host under unshare + setarch, and a clean stop.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shellQuote } from '../../src/transport/shell.js';
import { connectSsh } from '../../src/transport/ssh.js';
import { processRunning, startSshd, type SshdHost } from '../helpers/sshd.js';
import { runSh } from '../helpers/run-sh.js';

describe('sshd harness', () => {
  it('starts on its address, writes client files, and stop() ends exactly its sshd', async () => {
    const host = await startSshd({ address: '127.0.0.9' });
    try {
      assert.ok(processRunning(host.pid));
      assert.match(host.log(), new RegExp(`Server listening on 127\\.0\\.0\\.9 port ${host.port}`));
      for (const file of [host.knownHostsFile, host.hashedKnownHostsFile, host.sshConfigFile, host.clientKeyPath, host.hostKeyPath]) {
        assert.ok(file.startsWith(host.dir) && existsSync(file), file);
      }
    } finally {
      await host.stop();
    }
    assert.equal(processRunning(host.pid), false);
    assert.equal(existsSync(host.dir), false);
  });

  describe('a replay host: sshd under unshare and setarch i686', () => {
    let host: SshdHost;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'hostsnap-replay-'));
      const recorded = join(dir, 'loadavg');
      writeFileSync(recorded, '9.99 8.88 7.77 3/333 4444\n');
      host = await startSshd({
        address: '127.0.0.10',
        env: { REPLAY_HOSTNAME: 'web1' },
        wrap: (argv) => ['unshare', '--uts', '--mount', '--propagation', 'private', 'sh', '-c',
          `hostname "$REPLAY_HOSTNAME" && mount --bind ${shellQuote(recorded)} /proc/loadavg && exec setarch i686 ${argv.map(shellQuote).join(' ')}`],
      });
    });
    after(async () => {
      await host?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('serves the recorded hostname, files and a 32-bit uname through real commands', async () => {
      const ssh = await connectSsh(host.target, host.sshOptions());
      try {
        const { exitCode, stderr, stdout } = await runSh(ssh, 'hostname; uname -m; cat /proc/loadavg');
        assert.equal(exitCode, 0, stderr);
        assert.equal(stdout.toString(), 'web1\ni686\n9.99 8.88 7.77 3/333 4444\n');
      } finally {
        await ssh.close();
      }
    });
  });
});
