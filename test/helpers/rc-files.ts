// Start-up files of login shells, marked: each one, when a shell reads it, appends its own name to a
// log, so a test measures which files a session reads instead of guessing.
import { existsSync, readFileSync } from 'node:fs';
import { shellQuote } from '../../src/transport/shell.js';
import { mountOver } from './mount-over.js';

/** Every system-wide start-up file of bash, dash, zsh, busybox ash and tcsh on Debian. */
export const SYSTEM_RC_FILES = [
  '/etc/profile', '/etc/bash.bashrc', '/etc/bash.bash_logout',
  '/etc/zsh/zshenv', '/etc/zsh/zprofile', '/etc/zsh/zshrc', '/etc/zsh/zlogin',
  '/etc/csh.cshrc', '/etc/csh.login',
];

/** The per-user ones, relative to HOME. */
export const USER_RC_FILES = [
  '.bashrc', '.bash_profile', '.bash_login', '.profile', '.shrc',
  '.zshenv', '.zprofile', '.zshrc', '.zlogin',
  '.tcshrc', '.cshrc', '.login',
];

/**
 * One line that is the same command in sh, bash, zsh and tcsh (no `>&2`, which csh reads as
 * "stdout and stderr to the file 2"; no `$USER:…`, a csh modifier): append `USER NAME` to LOG.
 */
export function markLine(log: string, name: string): string {
  return `echo "$USER" ${shellQuote(name)} >> ${shellQuote(log)}\n`;
}

/** The files each user read, from LOG's `USER NAME` lines. */
export function filesRead(logText: string): Map<string, string[]> {
  const read = new Map<string, string[]>();
  for (const line of logText.split('\n').filter(Boolean)) {
    const [user, name] = line.split(' ');
    read.set(user, [...(read.get(user) ?? []), name]);
  }
  return read;
}

/**
 * Lines, valid in every one of those shells, that print a banner on stdout and on stderr and take
 * a second, as a slow, chatty rc file does (a fortune, a `who`, a screen of news).
 */
export function bannerLines(name: string): string {
  const text = shellQuote(`*** welcome, banner from ${name} ***`);
  // The `sleep 1` is the thing under test (a login slowed by its rc file, issue 15), not a wait:
  // the collector must not start, or its deadline run, before the login shell is done with it.
  return `echo ${text}\nsh -c ${shellQuote(`echo ${text} >&2`)}\nsleep 1\n`;
}

/**
 * A wrap for startSshd (mount-over.ts): every system rc file that exists reads, in sshd's mount
 * namespace, as itself with `markLine` put first (Debian's /etc/bash.bashrc returns at once when
 * not interactive: a line at its end would say it was not read).
 */
export function markedSystemRc(scratch: string, log: string): (argv: string[]) => string[] {
  const files = SYSTEM_RC_FILES.filter((path) => existsSync(path)).map((path) => [path, markLine(log, path) + readFileSync(path, 'utf8')]);
  return mountOver(scratch, Object.fromEntries(files));
}
