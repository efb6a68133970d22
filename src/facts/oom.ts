// Readings of one OOM dump that classification and rules share: GFP zones, watermarks, totals.
import type { OomBuddy, OomEvent, OomZone } from '../parsers/kernlog-types.js';

/** x86 and most architectures: 4 kB pages (the dump's page counts are in pages). */
export const PAGE_KB = 4;

/**
 * The page size in kB, read off the buddy lists (order-0 blocks are one page: "*4kB" on x86,
 * "*64kB" on arm64/ppc64 kernels built with 64 kB pages); 4 when there is no buddy line.
 */
export function pageKb(event: OomEvent): number {
  for (const b of event.buddy) {
    const pages = b.freeBlocks.reduce((sum, n, order) => sum + n * 2 ** order, 0);
    if (pages > 0 && b.totalKb > 0) return Math.round(b.totalKb / pages);
  }
  return PAGE_KB;
}

// Zone modifier bits of gfp_mask; the same low bits from 2.6 to 6.x (include/linux/gfp*.h).
const GFP_DMA = 0x01;
const GFP_HIGHMEM = 0x02;
const GFP_DMA32 = 0x04;

export function gfpBits(event: OomEvent): number | null {
  if (!event.gfpMask) return null;
  const value = Number.parseInt(event.gfpMask, 16);
  return Number.isFinite(value) ? value : null;
}

/** Whether the request may be served from HighMem (GFP_HIGHUSER*, __GFP_HIGHMEM); null unknown. */
export function mayUseHighMem(event: OomEvent): boolean | null {
  // 4.x+ print the flag names: trust them over the number, whose upper bits moved between kernels.
  if (event.gfpFlags.length > 0) return event.gfpFlags.some((f) => /HIGHUSER|__GFP_HIGHMEM/.test(f));
  const bits = gfpBits(event);
  return bits === null ? null : (bits & GFP_HIGHMEM) !== 0;
}

export const isHighMem = (name: string): boolean => /^highmem$/i.test(name);
const isMovable = (name: string): boolean => /^movable$/i.test(name);

/** The zones a request may use (allocation falls back from the highest allowed zone down). */
export function eligibleZones(event: OomEvent): OomZone[] {
  const bits = gfpBits(event) ?? 0;
  const high = mayUseHighMem(event) ?? true;
  return event.zones.filter((z) => {
    if (bits & GFP_DMA) return /^DMA$/i.test(z.name);
    if (bits & GFP_DMA32) return /^DMA(32)?$/i.test(z.name);
    return high || (!isHighMem(z.name) && !isMovable(z.name));
  });
}

export function buddyOf(event: OomEvent, zone: OomZone): OomBuddy | undefined {
  return event.buddy.find((b) => b.name === zone.name && (b.node ?? 0) === (zone.node ?? 0));
}

/** Free blocks of the requested order or larger; null without a buddy line. */
export function blocksAtOrAbove(buddy: OomBuddy | undefined, order: number): number | null {
  if (!buddy) return null;
  return buddy.freeBlocks.slice(order).reduce((sum, n) => sum + n, 0);
}

/**
 * The kernel's __zone_watermark_ok at the min watermark (mm/page_alloc.c, 2.6.x–4.x): free pages
 * above min, then for each order below the request, the pages of that order do not count and the
 * bar halves. reservePages is the zone's lowmem_reserve[] entry for the request's highest zone
 * (lowmemReserveFor): what a lower zone keeps back from requests that could have gone higher.
 */
export function watermarkOk(zone: OomZone, buddy: OomBuddy | undefined, order: number, pageSizeKb = PAGE_KB, reservePages = 0): boolean {
  let free = zone.freeKb / pageSizeKb - ((1 << order) - 1);
  let min = zone.minKb / pageSizeKb;
  if (free <= min + reservePages) return false;
  if (!buddy) return true;
  for (let o = 0; o < order; o++) {
    free -= (buddy.freeBlocks[o] ?? 0) << o;
    min = Math.floor(min / 2);
    if (free <= min) return false;
  }
  return true;
}

/**
 * The zone's lowmem_reserve[] entry (pages) for a request whose highest usable zone is `highest`.
 * The array is indexed by zone type; the printed zones are taken to be those types in order
 * (DMA, Normal, HighMem on i686; DMA, DMA32, Normal on x86_64), which holds while no zone in
 * between is empty and unprinted.
 */
export function lowmemReserveFor(event: OomEvent, zone: OomZone, highest: OomZone): number {
  const idx = event.zones.filter((z) => (z.node ?? 0) === (highest.node ?? 0)).indexOf(highest);
  return zone.lowmemReservePages?.[idx] ?? 0;
}

/** all_unreclaimable of the zone (kernels < 4.8) or of its node line (4.8+), null when not printed. */
export function allUnreclaimable(event: OomEvent, zone: OomZone): boolean | null {
  return zone.allUnreclaimable ?? event.nodes.find((n) => n.node === (zone.node ?? 0))?.allUnreclaimable ?? null;
}

/** Memory the dump accounts for, in kB: zones' present (or managed) pages summed. */
export function ramKb(event: OomEvent): number | null {
  const sizes = event.zones.map((z) => z.managedKb ?? z.presentKb);
  if (sizes.length > 0 && sizes.every((s) => s !== null)) return sizes.reduce<number>((a, s) => a + (s ?? 0), 0);
  const pages = Object.entries(event.pageCounts).find(([k]) => /\bRAM\b/.test(k))?.[1];
  return pages === undefined ? null : pages * pageKb(event);
}

/** A Mem-Info counter (pages as printed) in kB; null when the dump lacks it. */
export function memInfoKb(event: OomEvent, pageSizeKb: number, ...names: string[]): number | null {
  const found = names.map((n) => event.memInfo[n]).filter((v): v is number => v !== undefined);
  return found.length === 0 ? null : found.reduce((a, b) => a + b, 0) * pageSizeKb;
}

/** Huge pages the dump lists per node ("hugepages_total=512 … hugepages_size=2048kB", 2.6.32+). */
export function hugePagesOf(event: OomEvent): { totalKb: number; freeKb: number; line: string | null } | null {
  if (event.hugepages.length === 0) return null;
  const totalKb = event.hugepages.reduce((a, h) => a + h.total * h.sizeKb, 0);
  const freeKb = event.hugepages.reduce((a, h) => a + h.free * h.sizeKb, 0);
  return { totalKb, freeKb, line: lineWith(event, /hugepages_total=[1-9]/) };
}

/** The raw dump line that contains `needle` (for evidence), else null. */
export function lineWith(event: OomEvent, needle: RegExp | string): string | null {
  return event.text.find((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l))) ?? null;
}

/**
 * A zone's Mem-Info line as the kernel printed it ("Normal free:5376kB min:4004kB …") or, when the
 * event's kept text lacks it (long dumps keep their first and last lines), the parsed figures said
 * as such: evidence never passes off derived text as a quoted log line.
 */
export function zoneEvidenceText(event: OomEvent, zone: OomZone): string {
  const line = lineWith(event, new RegExp(`\\b${zone.name} free:`));
  if (line) return line;
  const slab = zone.slabReclaimableKb === null ? '' : `, reclaimable slab ${zone.slabReclaimableKb} kB`;
  const present = zone.presentKb === null ? '' : `, present ${zone.presentKb} kB`;
  return `${zone.name} zone, as parsed from the dump (its line was not kept): free ${zone.freeKb} kB, min ${zone.minKb} kB${present}${slab}`;
}

/** The OOM request's line, or its parsed gfp mask and order said as such. */
export function requestEvidenceText(event: OomEvent): string {
  return lineWith(event, 'gfp_mask=') ?? `request as parsed from the dump (its line was not kept): gfp_mask ${event.gfpMask}, order ${event.order}`;
}
