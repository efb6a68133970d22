// Finds and kills, by pid, the processes a test left behind on a test host (marked by a token).
import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The processes whose command line holds `token`, and their children. Needed because sshd
 * refuses a channel's KILL signal for root logins ("session signalling requires privilege
 * separation"): a timed-out remote command outlives its channel on the test hosts.
 */
export function killStrays(token: string): number[] {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const marked = new Set(procs.filter((pid) => read(`/proc/${pid}/cmdline`)?.includes(token)));
  for (const pid of procs) {
    const ppid = read(`/proc/${pid}/stat`)?.replace(/^.*\) /s, '').split(' ')[1];
    if (ppid && marked.has(ppid)) marked.add(pid);
  }
  const killed: number[] = [];
  for (const pid of marked) {
    if (Number(pid) === process.pid) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
      killed.push(Number(pid));
    } catch {
      // exited meanwhile
    }
  }
  return killed;
}

/** Pids whose parent is `pid` (read from /proc/PID/stat). */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => read(`/proc/${d}/stat`)?.replace(/^.*\) /s, '').split(' ')[1] === String(pid))
    .map(Number);
}
