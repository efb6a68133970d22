// show_mem's lines alone (Mem-Info counters, zone lines, buddy lists): when they stand for an OOM.
//
// Three reports print show_mem: the OOM killer's (dump_header), a page allocation failure's
// (warn_alloc) and SysRq-m's ("sysrq: Show Memory"). An excerpt that kept only these lines (a
// Server Fault question quoting the zone lines "from the oom-killer instance", a GitHub issue
// starting at the Normal zone, a journal cut inside Mem-Info) is read as the OOM killer's, the
// report people paste by far the most; the corpus's expert readings of such excerpts agree. What
// would say otherwise keeps it from being one: SysRq's own line before it (an operator asked for the
// figures), an allocation failure's header or warn_alloc frame (the event is then that failure's).
// Nothing here is a kill: the event has no victim, and its cause is read from its figures.
import type { OomEvent } from '../kernlog-types.js';

// drivers/tty/sysrq.c: "sysrq: Show Memory" (5.x+, pr_info with the "sysrq: " prefix), "SysRq : Show Memory" before.
const SYSRQ_SHOW_MEM = /^(?:sysrq: )?(?:SysRq : )?Show Memory$/i;

export function isSysrqShowMemLine(body: string): boolean {
  return SYSRQ_SHOW_MEM.test(body);
}

/** The event read nothing but show_mem's figures: counters, node and zone lines, buddy lists. */
export function onlyShowMem(ev: OomEvent): boolean {
  const figures = ev.zones.length > 0 || ev.nodes.length > 0 || Object.keys(ev.memInfo).length > 0;
  return figures && ev.killed.length === 0 && ev.tasks.length === 0 && !ev.panic && ev.kind !== 'alloc-failure';
}

// Names show_free_areas prints in Mem-Info's counter lines (2.6.x to 6.x): a line of these alone is
// Mem-Info's even when the "Mem-Info:" line above it was cut ("kernel_misc_reclaimable:0",
// "free:69268 free_pcp:1579 free_cma:13308" at a journal excerpt's top).
const MEMINFO_NAMES = new Set(['active_anon', 'inactive_anon', 'isolated_anon', 'active_file', 'inactive_file', 'isolated_file',
  'unevictable', 'dirty', 'writeback', 'unstable', 'slab_reclaimable', 'slab_unreclaimable', 'mapped', 'shmem', 'pagetables',
  'sec_pagetables', 'bounce', 'kernel_misc_reclaimable', 'free', 'free_pcp', 'free_cma', 'active', 'inactive', 'slab']);

/** Every name of the counter line is one of Mem-Info's. */
export function meminfoCounterLine(counters: Record<string, number>): boolean {
  const names = Object.keys(counters);
  return names.length > 0 && names.every((n) => MEMINFO_NAMES.has(n));
}
