// One snapshot reduced to the figures its host's history charts and trends need (OUT/HOST/BASE.point.json).
import type { Facts } from '../facts/types.js';
import type { MemcgFacts } from '../parsers/memcg.js';
import type { PressureFacts } from '../parsers/pressure.js';

export const POINT_SCHEMA = 'hostsnap/point@1';

/** Sizes in kB; a figure the snapshot did not have is null. Names come from the host: untrusted. */
export interface Point {
  schema: typeof POINT_SCHEMA;
  /** The collection's start (manifest startedAt), ISO 8601. */
  at: string;
  baseName: string;
  memTotalKb: number | null;
  memFreeKb: number | null;
  availableKb: number | null;
  /** LowTotal/LowFree: only 32-bit kernels with HighMem print them. */
  lowTotalKb: number | null;
  lowFreeKb: number | null;
  swapTotalKb: number | null;
  swapUsedKb: number | null;
  slabReclaimableKb: number | null;
  slabUnreclaimableKb: number | null;
  /** Every slab cache's size, by name (slabinfo, else slabtop). */
  slabCaches: Record<string, number>;
  /** Resident size of the largest processes, by `PID COMMAND` (a restarted process is another series). */
  processes: Record<string, number>;
  /**
   * Memory cgroups with a limit, by path: usage and limit in kB. Absent from points written before
   * the memcg probe (read it as empty).
   */
  memcgs?: Record<string, { usageKb: number; limitKb: number }>;
  load1: number | null;
  psiMemorySome10: number | null;
  /** OOM events in the kernel log: their time as written, trigger and victims, one key each. */
  oomKeys: string[];
  /** Kernel settings that are settings (not counters): see SETTING. */
  settings: Record<string, string>;
  /** The worst finding of the snapshot itself, for the history's table. */
  worst: { id: string; severity: string; title: string } | null;
}

/** How many processes a point keeps: enough for "the largest processes", small on disk. */
const PROCESSES = 20;

/** How many limited memcgs a point keeps, nearest their limit first: a host of thousands stays small on disk. */
const MEMCGS = 50;

/**
 * sysctl names whose value an operator sets: vm.* (all tunables), plus a few kernel./fs. limits.
 * Everything else under kernel./fs. moves by itself (fs.dentry-state, kernel.random.uuid,
 * fs.inode-nr…) and would fire a "changed setting" at every snapshot.
 */
const SETTING = /^(vm\.|kernel\.(panic|panic_on_oom|shm|pid_max|threads-max|overcommit)|fs\.(file-max|nr_open))/;

function object<T>(): Record<string, T> {
  // No prototype: a cache or process called `__proto__` or `constructor` is just a key.
  return Object.create(null) as Record<string, T>;
}

export function pointOf(facts: Facts, meta: { at: string; baseName: string; worst: Point['worst'] }): Point {
  const mem = facts.parsed.meminfo?.fields ?? {};
  const kb = (name: string): number | null => (typeof mem[name] === 'number' ? mem[name] : null);
  const slabCaches = object<number>();
  for (const cache of (facts.parsed.slabinfo ?? facts.parsed.slabtop)?.caches ?? []) slabCaches[cache.name] = cache.sizeKb;
  const processes = object<number>();
  const ps = [...(facts.parsed.ps?.processes ?? [])].filter((p) => p.rssKb !== null).sort((a, b) => b.rssKb! - a.rssKb!);
  for (const p of ps.slice(0, PROCESSES)) processes[`${p.pid} ${(p.comm ?? p.command).slice(0, 60)}`] = p.rssKb!;
  const settings = object<string>();
  for (const [key, value] of Object.entries(facts.parsed.sysctl?.values ?? {})) if (SETTING.test(key)) settings[key] = value;
  const psi = facts.bySource.get('proc-pressure-memory') as PressureFacts | undefined;
  const memcgs = object<{ usageKb: number; limitKb: number }>();
  const limited = [...((facts.bySource.get('memcg') as MemcgFacts | undefined)?.limited ?? [])].sort((a, b) => a.headroomKb - b.headroomKb);
  for (const g of limited.slice(0, MEMCGS)) memcgs[g.path] = { usageKb: g.usageKb, limitKb: g.limitKb };
  const swapTotal = kb('SwapTotal');
  const swapFree = kb('SwapFree');
  return {
    schema: POINT_SCHEMA,
    ...meta,
    memTotalKb: kb('MemTotal'),
    memFreeKb: kb('MemFree'),
    availableKb: kb('MemAvailable'),
    lowTotalKb: kb('LowTotal'),
    lowFreeKb: kb('LowFree'),
    swapTotalKb: swapTotal,
    swapUsedKb: swapTotal !== null && swapFree !== null ? swapTotal - swapFree : null,
    slabReclaimableKb: kb('SReclaimable'),
    slabUnreclaimableKb: kb('SUnreclaim'),
    slabCaches,
    processes,
    memcgs,
    load1: facts.parsed.loadavg?.load1 ?? null,
    psiMemorySome10: psi?.some?.avg10 ?? null,
    oomKeys: facts.oomEvents.map((e) => [e.time ?? '?', e.trigger?.comm ?? '?', e.trigger?.pid ?? '?', e.killed.map((k) => k.pid).join(',')].join(' ')),
    settings,
    worst: meta.worst,
  };
}
