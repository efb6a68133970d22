// The kill decision and its outcome, the constraint line of 4.19+, the reaper, and OOM panics.
//
//   Out of memory: Kill process 2196 (rpc.statd) score 1 or sacrifice child           (2.6.36-4.x)
//   Memory cgroup out of memory: Kill process 18286 (java) score 933 or sacrifice child (memcg, 3.x-4.x)
//   Out of memory: kill process 20273 (httpd) score 1285879 or a child                 (2.6.32-2.6.35)
//   Killed process 1917 (php-cgi) vsz:467184kB, anon-rss:101196kB, file-rss:204kB      (2.6.32-2.6.35)
//   Killed process 2196 (rpc.statd) total-vm:1880kB, anon-rss:124kB, file-rss:576kB   (3.x)
//   Killed process 13364, UID 0, (java) total-vm:…                                     (RHEL 6)
//   Killed process 7919, UID 504, (oracle).                                             (RHEL 5)
//   Killed process 21945 (tidb-server), UID 1000, total-vm:…, shmem-rss:0kB            (RHEL 7)
//   Out of memory: Killed process 7609 (python3) total-vm:278700kB, anon-rss:32512kB, file-rss:6544kB,
//     shmem-rss:0kB, UID:0 pgtables:128kB oom_score_adj:0                               (5.x+)
//   oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,
//     task_memcg=/a/b,task=python3,pid=7609,uid=0                                       (4.19+)
//   oom_reaper: reaped process 15784 (python3), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB (4.6+)
//   Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled
//   Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled
//   Kernel panic - not syncing: System is deadlocked on memory                          (4.x+, nothing killable)
import type { OomConstraint, OomKilled } from '../kernlog-types.js';
import { kbFigures, pick } from './figures.js';

// The comm is taken lazily up to a ")" that ends it, so "((resolved))" keeps its inner parentheses.
// 2.6.9-2.6.19 print "Out of Memory: Kill process 13677 (kdeinit) score 320232 and children."
const DECISION = /^(Memory cgroup out of memory|Out of [Mm]emory(?: \(oom_kill_allocating_task\))?): [Kk]ill process (\d+) \((.*?)\) score (\d+)/;
const KILLED = /(?:^|: )Killed process (\d+),?(?: UID \d+,)? \((.*?)\)(?=[,. ]|$)/;
// RHEL 5's "Killed process %d, UID %d, (%s)." as a knowledge-base article quotes it, the name's
// parentheses dropped: "Out of memory: Killed process 7919, UID 504 oracle". The UID anchors it.
const KILLED_UID_BARE = /(?:^|: )Killed process (\d+), UID \d+,? ([^\s()]+)\.?$/;
const MEMCG_PREFIX = /^Memory cgroup out of memory: /;
const CONSTRAINT = /^oom-kill:constraint=CONSTRAINT_([A-Z_]+),(.*)$/;
const REAPER = /^oom_reaper: reaped process (\d+)/;
// A memcg OOM with nothing killable (oom_score_adj -1000, or oom_kill_disable) on 4.x+.
const NO_KILLABLE = /^Out of memory and no killable processes\.\.\./;
const PANIC = /^Kernel panic - not syncing: (Out of memory.*|System is deadlocked on memory.*)$/;

export interface Decision { memcg: boolean; pid: number; comm: string; score: number }

/** "Out of memory: Kill process N (x) score S or sacrifice child" (the choice, not yet the kill). */
export function parseDecision(body: string): Decision | null {
  const m = DECISION.exec(body);
  if (!m) return null;
  return { memcg: m[1].startsWith('Memory'), pid: Number(m[2]), comm: m[3], score: Number(m[4]) };
}

/** "Killed process N (x) total-vm:…": the kill, with its rss figures when printed. */
export function parseKilled(body: string): { killed: OomKilled; memcg: boolean } | null {
  const m = KILLED.exec(body) ?? KILLED_UID_BARE.exec(body);
  if (!m) return null;
  const f = kbFigures(body);
  return {
    memcg: MEMCG_PREFIX.test(body),
    killed: {
      pid: Number(m[1]), comm: m[2], score: null,
      // 2.6.32-2.6.35 printed "vsz:" where later kernels print "total-vm:".
      totalVmKb: pick(f, 'total-vm') ?? pick(f, 'vsz'), anonRssKb: pick(f, 'anon-rss'),
      fileRssKb: pick(f, 'file-rss'), shmemRssKb: pick(f, 'shmem-rss'),
    },
  };
}

const CONSTRAINTS: Record<string, OomConstraint> = {
  NONE: 'global', MEMCG: 'memcg', CPUSET: 'cpuset', MEMORY_POLICY: 'mempolicy',
};

export interface ConstraintLine {
  constraint: OomConstraint | null; memcg: string | null; taskMemcg: string | null;
  /** The task the OOM killer chose ("task=x,pid=N"; dump_oom_summary prints it only with a victim). */
  victim: OomKilled | null;
}

export function parseConstraint(body: string): ConstraintLine | null {
  const m = CONSTRAINT.exec(body);
  if (!m) return null;
  const field = (name: string): string | null => new RegExp(`(?:^|,)${name}=([^,]*)`).exec(m[2])?.[1] ?? null;
  // The comm comes before ",pid=": taken up to it, so a comm holding a comma stays whole.
  const task = /(?:^|,)task=(.*),pid=(\d+),uid=\d+/.exec(m[2]);
  const victim = task ? { pid: Number(task[2]), comm: task[1], score: null, totalVmKb: null, anonRssKb: null, fileRssKb: null, shmemRssKb: null } : null;
  return { constraint: CONSTRAINTS[m[1]] ?? null, memcg: field('oom_memcg'), taskMemcg: field('task_memcg'), victim };
}

export function isReaperLine(body: string): boolean {
  return REAPER.test(body);
}

const REAPED = /^oom_reaper: reaped process (\d+) \((.*?)\)/;

/** The victim the reaper names: only an OOM victim is reaped, so it was killed. */
export function parseReaped(body: string): OomKilled | null {
  const m = REAPED.exec(body);
  return m ? { pid: Number(m[1]), comm: m[2], score: null, totalVmKb: null, anonRssKb: null, fileRssKb: null, shmemRssKb: null } : null;
}

// sysrq-f: "SysRq : Manual OOM execution" (to 4.x; "sysrq: SysRq : …" and "sysrq: Manual OOM
// execution" later), printed just before the dump it asks for.
const SYSRQ = /^(?:sysrq: )?(?:SysRq : )?Manual OOM execution$/;

export function isSysrqOomLine(body: string): boolean {
  return SYSRQ.test(body);
}

/** The panic reason ("Out of memory: system-wide panic_on_oom is enabled"), else null. */
export function parsePanic(body: string): string | null {
  return PANIC.exec(body)?.[1] ?? null;
}

export function isNoKillableLine(body: string): boolean {
  return NO_KILLABLE.test(body);
}
