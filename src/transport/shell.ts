// POSIX shell quoting, and the one wrapping every transport applies to a probe command.

/** Quotes a string for a POSIX shell: 'it'\''s' — nothing inside single quotes is special. */
export function shellQuote(text: string): string {
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// Non-root sessions get PATH=/usr/local/bin:/usr/bin:/bin from sshd (Debian), without the sbin
// directories where sysctl and friends live on older distributions: append them, never replace.
const SBIN_PATH = 'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"; export PATH; ';

/**
 * What a transport runs for a probe command: `sh -c '…'`, and with sudo `sudo -n -- sh -c '…'`.
 * sudo -n never prompts: when a password would be needed it prints "sudo: a password is
 * required" on stderr and exits 1, which buildResult records as a denial.
 */
export function wrapCommand(command: string, options: { sudo?: boolean }): string {
  const script = `sh -c ${shellQuote(SBIN_PATH + command)}`;
  return options.sudo ? `sudo -n -- ${script}` : script;
}
