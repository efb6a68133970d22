// Readings of an excerpt that kept show_mem's figures only (no header, no kill): what they can and cannot tell.
import type { OomEvent } from '../parsers/kernlog-types.js';
import { isHighMem, ramKb, zoneEvidenceText } from '../facts/oom.js';
import { formatKb, formatPct } from '../format/numbers.js';
import type { Ev, Verdict } from './oom-verdict.js';

/** Why such an event is an OOM at all, and a global one (src/parsers/kernlog/show-mem.ts). */
export function showMemConstraintWhy(ev: Ev): ReturnType<Ev> {
  return ev('Only show_mem\'s lines are in the excerpt (Mem-Info, zone or buddy lines; no header, kill or trace): an OOM report prints them, and so do SysRq-m and a page allocation failure, but neither SysRq\'s "Show Memory" line nor a failure\'s header or warn_alloc frame is there, so they are read as the OOM killer\'s, the report pasted most. Nothing names a memory cgroup (a cgroup\'s OOM prints its usage, not zone lines): read global.');
}

/**
 * The zone every ordinary request may use last (the highest one listed, HighMem and Movable aside)
 * still had free pages above its min watermark: an order-0 page was there to take. The OOM was for a
 * larger block or a narrower zone, which only the header (order, gfp mask) and the buddy lists would
 * tell: with both cut away, the cause is unknown.
 */
export function roomLeftVerdict(event: OomEvent, ev: Ev): Verdict | null {
  if (!event.showMemOnly || event.order !== null || event.gfpMask !== null || event.buddy.length > 0) return null;
  const zone = [...event.zones].reverse().find((z) => !isHighMem(z.name) && !/^movable$/i.test(z.name) && (z.presentKb ?? z.managedKb ?? 1) > 0);
  if (!zone || zone.freeKb <= zone.minKb) return null;
  return {
    cause: 'unknown',
    why: [
      ev(`${zone.name} has ${formatKb(zone.freeKb)} free, above its min watermark of ${formatKb(zone.minKb)}: an order-0 page was there to take, so the OOM was for a larger block or a zone this one could not serve. The request's order and mask (the header) and the buddy lists are outside the excerpt: the cause cannot be read.`, [`free:${zone.freeKb}kB`, `min:${zone.minKb}kB`]),
      ev(zoneEvidenceText(event, zone)),
    ],
  };
}

/** Share of RAM under which what the dump accounts for (LRU pages and free) leaves the rest unexplained. */
const ACCOUNTED_SHARE = 0.25;
const LRU = ['active_anon', 'inactive_anon', 'active_file', 'inactive_file', 'unevictable'];

/**
 * RAM is known (the zones' sizes) but the LRU pages (anon, file, unevictable) and the free pages of
 * the zone or node lines hold only a small part of it: the rest is held by the kernel outside the LRU
 * (slab when the dump counts it, which the slab readings weigh first; else driver or file-system
 * allocations, vmalloc, page tables). No user memory filled the machine: other.
 */
export function heldOutsideVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const ram = ramKb(event);
  if (!ram) return null;
  const rows = event.nodes.length > 0 ? event.nodes.map((n) => n.figures) : event.zones.map((z) => z.figures);
  if (rows.length === 0 || !rows.every((f) => LRU.every((k) => f[k] !== undefined))) return null;
  const lru = rows.reduce((a, f) => a + LRU.reduce((b, k) => b + f[k], 0), 0);
  const free = event.zones.reduce((a, z) => a + z.freeKb, 0);
  if (lru + free >= ACCOUNTED_SHARE * ram) return null;
  const slab = event.memInfo.slab_unreclaimable === undefined ? ' (the slab counters are not in the excerpt, so slab cannot be named)' : '';
  return {
    cause: 'other',
    why: [ev(`${formatKb(ram)} of RAM, of which the LRU (anon, file, unevictable) holds ${formatKb(lru)} and ${formatKb(free)} is free: ${formatPct(lru + free, ram)}. The rest is held by the kernel outside the LRU${slab}; no user memory filled the machine.`, [formatPct(lru + free, ram)])],
  };
}
