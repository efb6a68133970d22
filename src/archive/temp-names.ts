// Hidden temporary names that say which process writes them, and the removal of those a killed process left.
import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The pid namespace of this process (the inode of /proc/self/ns/pid), so that a pid is only
 * judged in the namespace it belongs to: a container writing into a shared --out has pids of its
 * own, and its live writer must not look dead from here. '0' where it cannot be read (then no
 * file is ever judged stale: see staleTemp).
 */
function pidNamespace(): string {
  try {
    return /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '0';
  } catch {
    return '0';
  }
}

const NAMESPACE = pidNamespace();

// `.web1-20261201T080410Z.tar.gz.hs1234n4026531836r0a1b2c3d.partial`: hidden, never ending in a
// final name's extension, and naming the writer's pid and pid namespace. Nothing else matches.
const TEMP = /^\..+\.hs(\d+)n(\d+)r[0-9a-f]{8}\.partial$/;

/** The temporary path beside `finalPath`: unique to this process and this call (random part). */
export function tempPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.hs${process.pid}n${NAMESPACE}r${randomBytes(4).toString('hex')}.partial`);
}

/** Whether a process with this pid exists in our pid namespace (EPERM: it does, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A temporary file of ours whose writer is gone: the name matches TEMP exactly, the namespace is
 * ours (and known), and no process has that pid. A reused pid keeps the file (it is left, not
 * lost); a file of another namespace, of an older hostsnap (`.NAME.partial`) or of anyone else
 * is never touched.
 */
export function staleTemp(name: string): boolean {
  const m = TEMP.exec(name);
  if (m === null || NAMESPACE === '0' || m[2] !== NAMESPACE) return false;
  const pid = Number(m[1]);
  return pid !== process.pid && !processAlive(pid);
}

const swept = new Set<string>();

/**
 * Removes the temporary files SIGKILLed hostsnap processes left in `dir` (SIGKILL runs no
 * cleanup), once per folder per process: before the first file this process writes there.
 */
export async function removeStaleTemps(dir: string): Promise<void> {
  if (swept.has(resolve(dir))) return;
  swept.add(resolve(dir));
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    // recursive: an --obfuscate stage (src/obfuscate/stage.ts) is a folder named the same way.
    if (staleTemp(name)) await rm(join(dir, name), { recursive: true, force: true });
  }
}
