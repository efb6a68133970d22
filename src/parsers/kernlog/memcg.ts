// The memory-cgroup block of an OOM dump (mem_cgroup_print_oom_info / _meminfo).
//
//   Task in /foo/bar killed as a result of limit of /foo                      (3.x to 4.18)
//   memory: usage 10240kB, limit 10240kB, failcnt 42                          (v1 and v2)
//   memory+swap: usage …, limit …, failcnt 0 / kmem: usage … (v1) / swap: usage … (v2)
//   Memory cgroup stats for /foo: cache:0KB rss:10240KB rss_huge:0KB …        (3.x/4.x: one line)
//   Memory cgroup stats for /foo:                                             (5.x+: a line per stat,
//   anon 10452992 / file 0 / …                                                 bytes or counts)
import type { MemcgCounter, MemcgStats } from '../kernlog-types.js';

const TASK_IN = /^Task in (\S+) killed as a result of limit of (\S+)/;
const COUNTER = /^(memory|memory\+swap|kmem|swap|tcpmem): usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/;
const STATS = /^Memory cgroup stats for (\S+?):\s*(.*)$/;
const STAT_LINE = /^([a-z_]+) (\d+)$/;

export function parseTaskIn(body: string): { taskMemcg: string; memcg: string } | null {
  const m = TASK_IN.exec(body);
  return m ? { taskMemcg: m[1], memcg: m[2] } : null;
}

export function parseMemcgCounter(body: string): { name: string; counter: MemcgCounter } | null {
  const m = COUNTER.exec(body);
  if (!m) return null;
  return { name: m[1], counter: { usageKb: Number(m[2]), limitKb: Number(m[3]), failcnt: Number(m[4]) } };
}

/** "Memory cgroup stats for /foo: …": the block's start, with the one-line figures of old kernels. */
export function parseStatsHeader(body: string): MemcgStats | null {
  const m = STATS.exec(body);
  if (!m) return null;
  const values: Record<string, number> = {};
  for (const f of m[2].matchAll(/([a-z_]+):(\d+)KB/g)) values[f[1]] = Number(f[2]);
  return { path: m[1], values, kbSuffix: m[2].trim() !== '' };
}

/** "anon 10452992": one stat of the 5.x+ multi-line form. */
export function parseStatLine(body: string): [string, number] | null {
  const m = STAT_LINE.exec(body);
  return m ? [m[1], Number(m[2])] : null;
}
