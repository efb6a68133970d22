// A real D-state process on demand: a cgroup v1 freezer that is FROZEN before a process joins it.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = '/sys/fs/cgroup/freezer';

export interface Freezer {
  /** A command line that moves its own process into the frozen cgroup (where it stops in D
   * state), then would exec `then`. Its own pid: `$$` in a subshell would be the parent's. */
  frozen(then: string): string;
  /** Moves a running process in: it stops in D state where it is (a read blocked in a FIFO's
   * open() included: the freezer wakes it into the refrigerator). */
  join(pid: number): void;
  /** Pids in the cgroup now. */
  pids(): number[];
  /** The state letter of /proc/PID/stat ('D' for a frozen task on this kernel), null when gone. */
  state(pid: number): string | null;
  /** Thaws (the frozen tasks then take their pending SIGKILL), waits until empty, removes it. */
  remove(): Promise<void>;
}

/**
 * A frozen task of a v1 freezer sleeps uninterruptibly: /proc/PID/stat says D, and SIGKILL stays
 * pending until it is thawed (v1, unlike v2, does not let a fatal signal through). Harmless to the
 * machine: only the processes that join it stop.
 */
export function frozenCgroup(name: string): Freezer {
  if (!existsSync(join(ROOT, 'freezer.state')) && !existsSync(join(ROOT, 'tasks'))) {
    throw new Error(`the cgroup v1 freezer is not mounted at ${ROOT}`);
  }
  const dir = join(ROOT, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'freezer.state'), 'FROZEN\n');
  const pids = (): number[] => readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  return {
    frozen: (then) => `sh -c 'echo $$ > ${dir}/cgroup.procs && exec "$@"' frozen ${then}`,
    join: (pid) => writeFileSync(join(dir, 'cgroup.procs'), String(pid)),
    pids,
    state(pid) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat[stat.lastIndexOf(')') + 2];
      } catch {
        return null;
      }
    },
    async remove() {
      if (!existsSync(dir)) return;
      writeFileSync(join(dir, 'freezer.state'), 'THAWED\n');
      for (let i = 0; i < 100 && pids().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      rmdirSync(dir);
    },
  };
}
