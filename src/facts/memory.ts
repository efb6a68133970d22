// The memory combiner: one view of sizes in kB from /proc/meminfo, else free (meminfo is fuller).
import type { Facts } from './types.js';

export interface MemoryView {
  /** Which source the figures came from. */
  source: 'proc-meminfo' | 'free';
  totalKb: number;
  freeKb: number;
  availableKb: number | null;
  swapTotalKb: number;
  swapFreeKb: number;
  shmemKb: number | null;
  slabReclaimableKb: number | null;
  slabUnreclaimableKb: number | null;
  /** 32-bit kernels only (meminfo LowTotal/HighTotal, or free -l). */
  lowTotalKb: number | null;
  lowFreeKb: number | null;
  highTotalKb: number | null;
  highFreeKb: number | null;
  committedAsKb: number | null;
  commitLimitKb: number | null;
  hugePages: { total: number; free: number; reserved: number; surplus: number; sizeKb: number } | null;
}

/** The raw meminfo field by name, or null. */
export function meminfoField(facts: Facts, name: string): number | null {
  return facts.parsed.meminfo?.fields[name] ?? null;
}

export function memoryView(facts: Facts): MemoryView | null {
  const m = facts.parsed.meminfo?.fields;
  if (m && m.MemTotal !== undefined) {
    const f = (k: string): number | null => m[k] ?? null;
    const hpTotal = f('HugePages_Total');
    return {
      source: 'proc-meminfo',
      totalKb: m.MemTotal,
      freeKb: f('MemFree') ?? 0,
      availableKb: f('MemAvailable'),
      swapTotalKb: f('SwapTotal') ?? 0,
      swapFreeKb: f('SwapFree') ?? 0,
      shmemKb: f('Shmem'),
      slabReclaimableKb: f('SReclaimable'),
      slabUnreclaimableKb: f('SUnreclaim'),
      lowTotalKb: f('LowTotal'),
      lowFreeKb: f('LowFree'),
      highTotalKb: f('HighTotal'),
      highFreeKb: f('HighFree'),
      committedAsKb: f('Committed_AS'),
      commitLimitKb: f('CommitLimit'),
      hugePages: hpTotal === null ? null : {
        total: hpTotal,
        free: f('HugePages_Free') ?? 0,
        reserved: f('HugePages_Rsvd') ?? 0,
        surplus: f('HugePages_Surp') ?? 0,
        sizeKb: f('Hugepagesize') ?? 2048,
      },
    };
  }
  const free = facts.parsed.free;
  if (!free) return null;
  return {
    source: 'free',
    totalKb: free.memTotalKb,
    freeKb: free.memFreeKb,
    availableKb: free.availableKb ?? free.freePlusBuffCacheKb,
    swapTotalKb: free.swapTotalKb,
    swapFreeKb: free.swapFreeKb,
    shmemKb: free.sharedKb,
    slabReclaimableKb: null,
    slabUnreclaimableKb: null,
    lowTotalKb: free.lowTotalKb,
    lowFreeKb: free.lowFreeKb,
    highTotalKb: free.highTotalKb,
    highFreeKb: free.highFreeKb,
    committedAsKb: null,
    commitLimitKb: null,
    hugePages: null,
  };
}

/** Slab caches from /proc/slabinfo, else slabtop (same shape), largest first; null when neither. */
export function slabCaches(facts: Facts): { source: string; caches: import('../parsers/slabinfo.js').SlabCache[] } | null {
  if (facts.parsed.slabinfo) return { source: 'proc-slabinfo', caches: facts.parsed.slabinfo.caches };
  if (facts.parsed.slabtop) return { source: 'slabtop', caches: facts.parsed.slabtop.caches };
  return null;
}
