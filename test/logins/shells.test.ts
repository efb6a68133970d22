// Login shells bash, dash, zsh, busybox ash and tcsh, each with noisy, slow rc files, over real
// sshd: which start-up files a non-interactive `sh -s` session reads (measured), and that the
// snapshot through each login is complete and analysed as root's.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TransportError } from '../../src/errors.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { loginDifferences } from '../helpers/compare-logins.js';
import { addSudoers, addUser, loginShells, removeUser, sharedScratch, type TestUser } from '../helpers/logins.js';
import { bannerLines, filesRead, markedSystemRc, markLine, USER_RC_FILES } from '../helpers/rc-files.js';
import { startSshd, type SshdHost } from '../helpers/sshd.js';
import { snapshotAs, type LoginSnapshot } from './snapshot-as.js';

const tempDir = tempDirs('hostsnap-logins-shells-');

// What a session started by sshd as `SHELL -c 'sh -s'` reads, as measured by this test on Debian 12
// (bash 5.2, dash 0.5.12, zsh 5.9, busybox 1.35, tcsh 6.24): Debian builds bash with
// SSH_SOURCE_BASHRC (bash -c under sshd reads the bashrc files), zsh always reads the zshenv
// files, tcsh the cshrc files for every shell; dash and ash read nothing when not interactive;
// the `sh -s` that runs the collector is dash, which reads nothing either. No login-shell file
// (/etc/profile, ~/.profile, ~/.bash_profile, ~/.zprofile, ~/.login) is read by any of them.
const READS: Record<string, string[]> = {
  bash: ['/etc/bash.bashrc', '~/.bashrc'],
  dash: [],
  zsh: ['/etc/zsh/zshenv', '~/.zshenv'],
  ash: [],
  tcsh: ['/etc/csh.cshrc', '~/.tcshrc'],
};

describe('logins: five login shells with noisy rc files', { timeout: 240_000 }, () => {
  let host: SshdHost;
  let scratch: string;
  let log: string;
  const users: Record<string, TestUser> = {};
  const snaps: Record<string, LoginSnapshot> = {};
  const removers: Array<() => void> = [];

  before(async () => {
    scratch = sharedScratch('hostsnap-logins-shells-');
    log = join(scratch, 'rc.log');
    writeFileSync(log, '');
    chmodSync(log, 0o666);
    const shells = loginShells(scratch);
    // Every user rc file marks itself, then prints a banner on stdout and stderr and takes a second.
    const rcFiles = Object.fromEntries(USER_RC_FILES.map((f) => [f, markLine(log, `~/${f}`) + bannerLines(f)]));
    for (const [name, path] of Object.entries(shells)) users[name] = addUser(scratch, name, path, rcFiles);
    users.nologin = addUser(scratch, 'nologin', '/usr/sbin/nologin');
    // --sudo through NOPASSWD: complete snapshots, comparable with root's whole analysis.
    removers.push(addSudoers(Object.keys(shells).map((name) => users[name]).map((u) => `${u.name} ALL=(root) NOPASSWD: ALL`)));
    host = await startSshd({ address: '127.0.6.3', ownHomes: true, wrap: markedSystemRc(scratch, log) });
    const out = tempDir();
    const logins = ['root', ...Object.keys(shells)];
    const taken = await Promise.all(logins.map((login) => login === 'root' ? snapshotAs(host, 'root', out) : snapshotAs(host, users[login].name, out, true)));
    logins.forEach((login, i) => { snaps[login] = taken[i]; });
  });
  after(async () => {
    await host?.stop();
    removers.forEach((remove) => remove());
    for (const user of Object.values(users)) removeUser(user);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('measures which start-up files each login shell reads before `sh -s`', () => {
    const read = filesRead(readFileSync(log, 'utf8'));
    for (const [shell, expected] of Object.entries(READS)) {
      // Each file once per session: the collector opens one session per snapshot.
      assert.deepEqual(read.get(users[shell].name) ?? [], expected, shell);
    }
  });

  it('a login that runs no shell (/usr/sbin/nologin): refused, naming the host and that the collector did not start', async () => {
    await assert.rejects(snapshotAs(host, users.nologin.name, tempDir()),
      (e) => e instanceof TransportError && e.message.startsWith(`${users.nologin.name}@${host.address}:${host.port}: the collector did not start`));
  });

  for (const [shell, files] of Object.entries(READS)) {
    it(`${shell}: the snapshot is complete, the banners kept apart, the analysis root's`, () => {
      const snap = snaps[shell];
      const collector = snap.manifest.collector!;
      assert.equal(snap.manifest.sessions, 1);
      assert.equal(collector.scratchRemoved, true);
      // What the rc files printed is recorded as the shell's, and is in no probe's output.
      assert.equal((collector.shellOutput ?? '').includes('banner from'), files.length > 0, collector.shellOutput);
      for (const [id, text] of snap.texts) assert.doesNotMatch(text, /banner from/, `${shell} ${id}`);
      for (const entry of snap.manifest.probes) {
        for (const attempt of entry.attempts) assert.doesNotMatch(attempt.stderr, /banner from/, `${shell} ${entry.id}`);
      }
      assert.deepEqual(loginDifferences(snap, snaps.root, []), [], snap.outline());
    });
  }
});
