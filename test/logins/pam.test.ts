// sshd with Debian's PAM stack on (UsePAM yes: pam_env, pam_motd, pam_limits, pam_loginuid…), a
// motd and PrintLastLog: the sessions stay clean and the snapshot is analysed as a plain root login's.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { connectSsh } from '../../src/transport/ssh.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { loginDifferences } from '../helpers/compare-logins.js';
import { addSudoers, addUser, removeUser, sharedScratch, type TestUser } from '../helpers/logins.js';
import { mountOver } from '../helpers/mount-over.js';
import { startSshd, type SshdHost } from '../helpers/sshd.js';
import { snapshotAs, type LoginSnapshot } from './snapshot-as.js';

const tempDir = tempDirs('hostsnap-logins-pam-');
const MOTD = 'hostsnap-motd: Authorized use only. Disk /srv is 97% full.\n';

describe('logins: sshd with UsePAM yes, a motd and PrintLastLog', { timeout: 240_000 }, () => {
  let plain: SshdHost;
  let pam: SshdHost;
  let scratch: string;
  let user: TestUser;
  let removeRule: () => void;
  const snaps: Record<string, LoginSnapshot> = {};

  before(async () => {
    scratch = sharedScratch('hostsnap-logins-pam-');
    user = addUser(scratch, 'pam', '/usr/bin/bash');
    removeRule = addSudoers([`${user.name} ALL=(root) NOPASSWD: ALL`]);
    plain = await startSshd({ address: '127.0.6.4' });
    // pam_motd shows /etc/motd, pam_env sets what /etc/environment says: both read, in sshd's own
    // mount namespace, files of ours.
    pam = await startSshd({
      address: '127.0.6.5', pam: true, ownHomes: true, extraConfig: ['PrintMotd yes', 'PrintLastLog yes'],
      wrap: mountOver(scratch, { '/etc/motd': MOTD, '/etc/environment': 'HOSTSNAP_PAM_ENV=from-pam-env\n' }),
    });
    const out = tempDir();
    const [root, pamRoot, pamUser] = await Promise.all([snapshotAs(plain, 'root', out), snapshotAs(pam, 'root', out), snapshotAs(pam, user.name, out, true)]);
    Object.assign(snaps, { root, pamRoot, pamUser });
  });
  after(async () => {
    await plain?.stop();
    await pam?.stop();
    removeRule?.();
    if (user) removeUser(user);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('the PAM stack runs for the sessions (pam_env set what /etc/environment says)', async () => {
    const transport = await connectSsh(`${user.name}@${pam.address}:${pam.port}`, pam.sshOptions());
    try {
      const run = await transport.runScript('echo "env=$HOSTSNAP_PAM_ENV"\n', { maxBytes: 4096, sudo: false }).done;
      assert.equal(run.stdout.toString('utf8'), 'env=from-pam-env\n');
      assert.equal(run.exitCode, 0);
      // No terminal, no motd and no "Last login": sshd shows both only to sessions with a pty.
      assert.doesNotMatch(run.stderr, /hostsnap-motd|Last login/);
    } finally {
      await transport.close();
    }
  });

  for (const login of ['pamRoot', 'pamUser']) {
    it(`${login === 'pamRoot' ? 'root' : 'a user with --sudo'}: the snapshot is complete and analysed as a plain root login's`, () => {
      const snap = snaps[login];
      assert.equal(snap.manifest.sessions, 1);
      assert.equal(snap.manifest.collector?.shellOutput ?? '', '');
      for (const [id, text] of snap.texts) assert.doesNotMatch(text, /hostsnap-motd|Last login/, id);
      assert.deepEqual(loginDifferences(snap, snaps.root, []), [], snap.outline());
    });
  }
});
