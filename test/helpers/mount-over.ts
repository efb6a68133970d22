// A wrap for startSshd: sshd in its own mount namespace where some files of this machine (/etc/motd,
// /etc/profile…) read differently, through bind mounts that nothing outside the namespace sees.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../../src/transport/shell.js';

let counter = 0;

/**
 * `files`: path on this machine -> the text sessions of the wrapped sshd read there instead. Each
 * path must exist (a bind mount needs a target); the copies are written into `scratch`, which must
 * outlive sshd.
 */
export function mountOver(scratch: string, files: Record<string, string>): (argv: string[]) => string[] {
  const mounts = Object.entries(files).map(([path, text]) => {
    const copy = join(scratch, `mounted-${++counter}`);
    writeFileSync(copy, text, { mode: 0o644 });
    return `mount --bind ${shellQuote(copy)} ${shellQuote(path)}`;
  });
  const script = ['set -e', ...mounts, 'exec "$@"'].join('\n');
  return (argv) => ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'mount-over', ...argv];
}
