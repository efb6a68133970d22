// Locales set by the login environment (sshd SetEnv, a user's ~/.bashrc): every probe must run
// under the C locale, so the snapshot reads as a plain root login's, and the manifest records the
// login's own locale.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { loginDifferences } from '../helpers/compare-logins.js';
import { addSudoers, addUser, removeUser, sharedScratch, type TestUser } from '../helpers/logins.js';
import { ensurePackages, startSshd, type SshdHost } from '../helpers/sshd.js';
import { snapshotAs, type LoginSnapshot } from './snapshot-as.js';

const tempDir = tempDirs('hostsnap-logins-locale-');

/**
 * Compiles real locales (glibc's localedef, sources from Debian's `locales` package) into a folder
 * of ours: sessions get them through LOCPATH, and this machine's locale archive stays as it was.
 * free then prints `utilisé … Échange:`, pidstat `0,99` (procps-ng and sysstat ship the catalogues).
 */
async function compileLocales(dir: string, names: string[]): Promise<void> {
  ensurePackages({ '/usr/share/i18n/locales/fr_FR': 'locales' });
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  await Promise.all(names.map((name) => {
    const [input, charmap] = name.split('.');
    return promisify(execFile)('localedef', ['-i', input, '-f', charmap, join(dir, name)], { timeout: 120_000 });
  }));
}

describe('logins: locales set by the login environment', { timeout: 240_000 }, () => {
  let plain: SshdHost;
  let french: SshdHost;
  let scratch: string;
  const users: TestUser[] = [];
  let removeRule: () => void;
  const snaps: Record<string, LoginSnapshot> = {};

  before(async () => {
    scratch = sharedScratch('hostsnap-logins-locale-');
    const locales = join(scratch, 'locales');
    // One locale (localedef costs seconds of CPU per locale): fr_FR, whose free, vmstat and
    // slabtop the parsers do not read, and whose pidstat prints decimal commas.
    await compileLocales(locales, ['fr_FR.UTF-8']);
    // A French host (sshd's SetEnv, as a locale sent or forced by the server), and on the plain
    // host a user whose ~/.bashrc (read by bash under sshd: see shells.test.ts) sets LC_ALL.
    const fr = addUser(scratch, 'fr', '/usr/bin/bash');
    const rc = addUser(scratch, 'rc', '/usr/bin/bash', { '.bashrc': `export LC_ALL=fr_FR.UTF-8 LOCPATH=${locales}\n` });
    users.push(fr, rc);
    removeRule = addSudoers(users.map((u) => `${u.name} ALL=(root) NOPASSWD: ALL`));
    plain = await startSshd({ address: '127.0.6.6', ownHomes: true });
    french = await startSshd({ address: '127.0.6.7', ownHomes: true, extraConfig: [`SetEnv LANG=fr_FR.UTF-8 LOCPATH=${locales}`] });
    const out = tempDir();
    const [root, frRoot, frUser, rcUser] = await Promise.all([snapshotAs(plain, 'root', out), snapshotAs(french, 'root', out),
      snapshotAs(french, fr.name, out, true), snapshotAs(plain, rc.name, out, true)]);
    Object.assign(snaps, { root, frRoot, frUser, rcUser });
  });
  after(async () => {
    await plain?.stop();
    await french?.stop();
    removeRule?.();
    for (const user of users) removeUser(user);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const cases = [['frRoot', 'root, LANG=fr_FR.UTF-8 from sshd SetEnv', 'LANG'],
    ['frUser', 'a sudo user, LANG=fr_FR.UTF-8 from sshd SetEnv', 'LANG'],
    ['rcUser', 'a sudo user, LC_ALL=fr_FR.UTF-8 from ~/.bashrc', 'LC_ALL']] as const;
  // Before h/collector's LC_ALL=C (merged here), probes ran in the login's locale: free, vmstat
  // and slabtop were not understood (free prints `utilisé`/`Échange:`) and pidstat's decimal
  // commas lost its figures.
  for (const [login, what, variable] of cases) {
    it(`${what}: probes run in the C locale, the login's locale is in the manifest, the analysis is root's`, () => {
      const snap = snaps[login];
      assert.deepEqual(loginDifferences(snap, snaps.root, []), [], snap.outline());
      assert.match(snap.texts.get('free') ?? '', /^ +total +used +free/);
      assert.doesNotMatch(snap.texts.get('pidstat') ?? '', /\d,\d\d /);
      assert.equal(snap.manifest.locale?.[variable], 'fr_FR.UTF-8', JSON.stringify(snap.manifest.locale));
    });
  }
});
