// Non-root logins over real sshd, with and without --sudo through real sudoers rules: the snapshot
// is complete, and its analysis equals root's except for what the login may not read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { loginDifferences } from '../helpers/compare-logins.js';
import { addSudoers, addUser, removeUser, sharedScratch, type TestUser } from '../helpers/logins.js';
import { startSshd, type SshdHost } from '../helpers/sshd.js';
import { snapshotAs, type LoginSnapshot } from './snapshot-as.js';
import { rmSync } from 'node:fs';

const tempDir = tempDirs('hostsnap-logins-sudo-');

// Only root may read these on this machine: /proc/slabinfo (0400; slabtop reads it), the ring
// buffer (kernel.dmesg_restrict=1) and the journal's kernel messages (not in group adm).
const ROOT_ONLY = ['dmesg', 'kern-log', 'proc-slabinfo', 'slabtop'];

describe('logins: a non-root user, --sudo through sudoers', { timeout: 240_000 }, () => {
  let host: SshdHost;
  let scratch: string;
  const users: Record<string, TestUser> = {};
  const removers: Array<() => void> = [];
  const snaps: Record<string, LoginSnapshot> = {};

  before(async () => {
    scratch = sharedScratch('hostsnap-logins-sudo-');
    for (const tag of ['plain', 'nopw', 'pw', 'tty']) users[tag] = addUser(scratch, tag, '/usr/bin/bash');
    removers.push(addSudoers([
      `${users.nopw.name} ALL=(root) NOPASSWD: ALL`,
      `${users.pw.name} ALL=(root) ALL`, // wants the user's password: sudo -n must refuse at once
      `Defaults:${users.tty.name} requiretty`,
      `${users.tty.name} ALL=(root) NOPASSWD: ALL`,
    ]));
    host = await startSshd({ address: '127.0.6.2', ownHomes: true });
    // All at once, root among them: the same moment of the same host through five logins.
    const out = tempDir();
    const cases: Array<[string, string, boolean]> = [['root', 'root', false], ['plain', users.plain.name, false],
      ['nopw', users.nopw.name, true], ['pw', users.pw.name, true], ['tty', users.tty.name, true]];
    const taken = await Promise.all(cases.map(([, user, sudo]) => snapshotAs(host, user, out, sudo)));
    cases.forEach(([tag], i) => { snaps[tag] = taken[i]; });
  });
  after(async () => {
    await host?.stop();
    removers.forEach((remove) => remove());
    for (const user of Object.values(users)) removeUser(user);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('a user without --sudo: root-only probes are refused and recorded as denied, the rest complete', () => {
    const snap = snaps.plain;
    for (const id of ['proc-slabinfo', 'slabtop']) {
      const entry = snap.probe(id);
      assert.equal(entry.file, null, snap.outline());
      assert.equal(entry.attempts[0].denied, true, snap.outline());
      assert.match(entry.attempts[0].stderr, /Permission denied/, id);
    }
    assert.equal(snap.probe('dmesg').attempts[0].denied, true, snap.outline());
  });

  // FAILS on main (product: the dmesg probe's fallback): dmesg refused, the fallback
  // `journalctl -k -b` runs as the user, who may not read the system journal: it exits 0 with
  // "-- No entries --" (stderr "No journal files were found." or, with a journal, "Hint: You are
  // currently not seeing messages from other users and the system"). That is kept as the kernel
  // log: the OOM findings vanish and the coverage does not say why.
  it('a user without --sudo: the kernel log it may not read is named by the coverage, not read as empty', () => {
    assert.deepEqual(loginDifferences(snaps.plain, snaps.root, ROOT_ONLY), [], snaps.plain.outline());
  });

  it('--sudo through a NOPASSWD rule: the same analysis as root', () => {
    const snap = snaps.nopw;
    assert.equal(snap.manifest.sudo, true);
    // Kept as root keeps them (this machine has no journal: kern-log may be empty for root too).
    for (const id of ROOT_ONLY) assert.equal(snap.probe(id).file, snaps.root.probe(id).file, snap.outline());
    assert.deepEqual(loginDifferences(snap, snaps.root, []), []);
  });

  for (const [tag, words] of [['pw', /a password is required/], ['tty', /must have a tty/]] as const) {
    it(`--sudo through a rule that ${tag === 'pw' ? 'wants a password' : 'requires a tty'}: a denial, never a hang`, () => {
      const snap = snaps[tag];
      for (const id of ['proc-slabinfo', 'slabtop', 'dmesg']) {
        const first = snap.probe(id).attempts[0];
        assert.equal(first.denied, true, snap.outline());
        assert.equal(first.timedOut, false, id);
        assert.match(first.stderr, words, id);
      }
      assert.deepEqual(loginDifferences(snap, snaps.root, ROOT_ONLY), []);
    });
  }
});
