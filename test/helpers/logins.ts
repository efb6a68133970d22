// Logins as real hosts have them: accounts made with useradd (a login shell, their own HOME and rc
// files), sudoers rules, and the shells themselves, all installed and removed by the tests.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensurePackages, ensureSudo } from './sshd.js';

export interface TestUser {
  name: string;
  uid: number;
  home: string;
  shell: string;
}

/**
 * The login shells of the tests, installed when missing (Debian packages zsh, tcsh, busybox).
 * busybox runs the applet its argv[0] names, and sshd starts a login shell as `basename -c …`:
 * busybox's ash is a login shell through a link named ash, as on Alpine (/bin/ash).
 */
export function loginShells(scratch: string): Record<'bash' | 'dash' | 'zsh' | 'ash' | 'tcsh', string> {
  ensurePackages({ '/usr/bin/zsh': 'zsh', '/usr/bin/tcsh': 'tcsh', '/usr/bin/busybox': 'busybox' });
  const bin = join(scratch, 'shells');
  mkdirSync(bin, { recursive: true, mode: 0o755 });
  rmSync(join(bin, 'ash'), { force: true });
  symlinkSync('/usr/bin/busybox', join(bin, 'ash'));
  return { bash: '/usr/bin/bash', dash: '/usr/bin/dash', zsh: '/usr/bin/zsh', ash: join(bin, 'ash'), tcsh: '/usr/bin/tcsh' };
}

/** A folder every test user can enter (mkdtemp makes 0700 ones). */
export function sharedScratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

let counter = 0;

/**
 * A real account: `hs<pid><tag>`, its HOME under `scratch` holding `files` (paths relative to
 * HOME), owned by the user. The password field is `*`: no password login, but not "locked" (`!`),
 * which sshd refuses even for keys when UsePAM is off.
 */
export function addUser(scratch: string, tag: string, shell: string, files: Record<string, string> = {}): TestUser {
  const name = `hs${process.pid}${tag}`.slice(0, 32);
  const home = join(scratch, `home-${tag}`);
  execFileSync('useradd', ['--no-create-home', '--home-dir', home, '--shell', shell, '--user-group', '--password', '*', name], { stdio: 'pipe' });
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  mkdirSync(home, { mode: 0o755 });
  chownSync(home, uid, gid);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(home, path)), { recursive: true });
    writeFileSync(join(home, path), text);
    chownSync(join(home, path), uid, gid);
  }
  return { name, uid, home, shell };
}

/** Removes the account (-f: a session of it may still be ending) and its HOME. */
export function removeUser(user: TestUser): void {
  try {
    execFileSync('userdel', ['-f', user.name], { stdio: 'pipe' });
  } finally {
    rmSync(user.home, { recursive: true, force: true });
  }
}

/**
 * A sudoers file of our own in /etc/sudoers.d (checked by `visudo -c` before it is put there, so
 * a mistake cannot break sudo for the machine); returns the function that removes it. The name
 * has no dot: sudo skips files in sudoers.d whose name holds one.
 */
export function addSudoers(lines: string[]): () => void {
  ensureSudo();
  const path = `/etc/sudoers.d/hostsnap-test-${process.pid}-${++counter}`;
  const draft = join(tmpdir(), `hostsnap-sudoers-${process.pid}-${counter}`);
  writeFileSync(draft, `${lines.join('\n')}\n`, { mode: 0o440 });
  try {
    execFileSync('visudo', ['-c', '-q', '-f', draft], { stdio: 'pipe' });
    execFileSync('cp', [draft, path]);
    chmodSync(path, 0o440);
  } finally {
    rmSync(draft, { force: true });
  }
  return () => rmSync(path, { force: true });
}
