// Real OOM kills on demand: a cgroup-v1 memory cgroup with a small limit and one child that
// allocates past it; the kernel kills the child and writes its dump to the kernel log.
//
// Bounded: one child, killed by its pid if the kernel has not killed it within `timeoutMs`;
// the cgroup is removed afterwards. Needs root and /sys/fs/cgroup/memory (cgroup v1, as on
// these machines).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const MEMCG_ROOT = '/sys/fs/cgroup/memory';

export interface MemcgOom {
  /** The cgroup's path as the kernel prints it: "/hostsnap-test-1234-1". */
  cgroup: string;
  childPid: number;
  /** The child's end: SIGKILL when the OOM killer took it. */
  signal: NodeJS.Signals | null;
  exitCode: number | null;
  /** `dmesg` from our marker line on (plain [seconds] stamps). */
  dmesg: string;
  /** The same lines as `dmesg -T` prints them. */
  dmesgHuman: string;
}

let counter = 0;

// Allocates and touches 1 MiB at a time, up to 1 GiB: far past any limit given here.
const HOG = 'const a=[];for(let i=0;i<1024;i++)a.push(Buffer.alloc(1<<20,1));';

function linesFromMarker(text: string, marker: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(marker));
  return at === -1 ? '' : lines.slice(at).join('\n');
}

async function waitExit(child: ReturnType<typeof spawn>, timeoutMs: number): Promise<[number | null, NodeJS.Signals | null]> {
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])));
  const timer = setTimeout(() => { if (child.pid) process.kill(child.pid, 'SIGKILL'); }, timeoutMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

async function removeCgroup(dir: string): Promise<void> {
  // The killed child may still be leaving the cgroup for a moment: rmdir then says EBUSY.
  for (let i = 0; i < 50; i++) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      await sleep(100);
    }
  }
}

/**
 * Run `argv` as the only task of a fresh memory cgroup `name` limited to `limitMiB`, wait for its
 * end (SIGKILL by its pid after `timeoutMs`), and return the kernel log from our marker line on.
 */
async function oomInMemcg(name: string, limitMiB: number, timeoutMs: number, argv: string[]): Promise<MemcgOom> {
  const dir = join(MEMCG_ROOT, name);
  mkdirSync(dir);
  try {
    writeFileSync(join(dir, 'memory.limit_in_bytes'), String(limitMiB << 20));
    writeFileSync(join(dir, 'memory.swappiness'), '0');
    const marker = `hostsnap memcg test marker ${name}`;
    writeFileSync('/dev/kmsg', `${marker}\n`);
    // The shell joins the cgroup, then becomes the child: one pid from start to kill.
    const child = spawn('sh', ['-c', `echo $$ > ${join(dir, 'cgroup.procs')} && exec "$0" "$@"`, ...argv],
      { stdio: 'ignore' });
    const [exitCode, signal] = await waitExit(child, timeoutMs);
    const childPid = child.pid ?? -1;
    // The kill line is written before the child dies, but give the log a moment all the same.
    let dmesg = '';
    for (let i = 0; i < 20 && !dmesg.includes(`process ${childPid} (`); i++) {
      dmesg = linesFromMarker(spawnSync('dmesg', { encoding: 'utf8' }).stdout, marker);
      if (!dmesg.includes(`process ${childPid} (`)) await sleep(100);
    }
    const dmesgHuman = linesFromMarker(spawnSync('dmesg', ['-T'], { encoding: 'utf8' }).stdout, marker);
    return { cgroup: `/${name}`, childPid, signal, exitCode, dmesg, dmesgHuman };
  } finally {
    await removeCgroup(dir);
  }
}

/** Make the kernel OOM-kill a child of ours inside a fresh memory cgroup; return its dump. */
export function provokeMemcgOom(limitMiB = 64, timeoutMs = 20_000): Promise<MemcgOom> {
  return oomInMemcg(`hostsnap-test-${process.pid}-${++counter}`, limitMiB, timeoutMs, [process.execPath, '-e', HOG]);
}

// Fills the cgroup with unreclaimable slab: 2000 eventfds watched by one epoll instance after
// another. Each watch is an epitem and an eppoll_entry (the eventpoll_epi and eventpoll_pwq caches,
// SLAB_ACCOUNT since 4.5: charged to the memcg as kmem), pinned while the epoll fd is open, so
// reclaim cannot free them; ~200 B a watch, 400 kB an instance, a few MB of Python anon beside.
// 2000 fds stay under the default RLIMIT_NOFILE (a hard limit we may not raise without
// CAP_SYS_RESOURCE). An allocation refused with ENOMEM is retried; the child gives up after 25 s.
const SLAB_HOG = [
  'import os, select, time',
  'fds = [os.eventfd(0) for _ in range(2000)]',
  'keep = []',
  'end = time.monotonic() + 25',
  'while time.monotonic() < end:',
  '    try:',
  '        e = select.epoll()',
  '        keep.append(e)',
  '        for fd in fds: e.register(fd, select.EPOLLIN)',
  '    except OSError:',
  '        time.sleep(0.01)',
].join('\n');

/**
 * Make the kernel OOM-kill a child of ours whose memory cgroup is filled by unreclaimable kernel
 * slab (epoll watches), not by its own pages; return the dump. Needs python3 on PATH.
 */
export function provokeMemcgSlabOom(limitMiB = 64, timeoutMs = 30_000): Promise<MemcgOom> {
  return oomInMemcg(`hostsnap-slab-${process.pid}-${++counter}`, limitMiB, timeoutMs, ['python3', '-c', SLAB_HOG]);
}
