// A shell's argv wrapped to run in a private mount namespace where some paths (/proc files) read
// as others: bind mounts of existing files or FIFOs, which nothing outside the namespace sees.
import { shellQuote } from '../../src/transport/shell.js';

/** `binds`: [source, target] pairs; each target must exist (a bind mount needs one). */
export function bindOver(binds: ReadonlyArray<readonly [string, string]>): (argv: readonly string[]) => string[] {
  const lines = binds.map(([source, target]) => `mount --bind ${shellQuote(source)} ${shellQuote(target)}`);
  return (argv) => ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', ['set -e', ...lines, 'exec "$@"'].join('\n'), 'bind-over', ...argv];
}
