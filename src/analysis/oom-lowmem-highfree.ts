// Lowmem exhaustion read when the request's mask is not in the excerpt: HighMem had room, lowmem had none.
import type { OomEvent } from '../parsers/kernlog-types.js';
import { allUnreclaimable, isHighMem, lineWith, mayUseHighMem, zoneEvidenceText } from '../facts/oom.js';
import { formatKb } from '../format/numbers.js';
import type { Ev, Verdict } from './oom-verdict.js';

/** HighMem's free (buddy lists only) must exceed the lowmem zones' min watermarks this many times over. */
const ROOM_FACTOR = 4;

/**
 * A 32-bit kernel (a HighMem zone or buddy list) whose every lowmem zone is exhausted (free below min,
 * or reclaim gave up on it) while HighMem has plenty free: a request that could use HighMem would
 * have been served there, so this one could not (a kernel allocation, the header with its gfp_mask
 * being cut away): lowmem exhaustion. When the mask is printed, lowmemVerdict decides instead.
 */
export function lowmemHighFreeVerdict(event: OomEvent, ev: Ev): Verdict | null {
  if (mayUseHighMem(event) !== null) return null;
  const lows = event.zones.filter((z) => !isHighMem(z.name) && !/^movable$/i.test(z.name) && (z.presentKb ?? z.managedKb ?? 1) > 0);
  if (lows.length === 0 || !lows.every((z) => z.freeKb < z.minKb || allUnreclaimable(event, z) === true)) return null;
  const zone = event.zones.find((z) => isHighMem(z.name));
  const buddy = event.buddy.find((b) => isHighMem(b.name));
  const freeKb = zone?.freeKb ?? buddy?.totalKb;
  const needKb = zone ? zone.highKb : ROOM_FACTOR * lows.reduce((a, z) => a + z.minKb, 0);
  if (freeKb === undefined || freeKb <= needKb) return null;
  const highLine = zone ? zoneEvidenceText(event, zone) : lineWith(event, /HighMem: \d+\*/);
  return {
    cause: 'lowmem',
    why: [
      ev(`A 32-bit kernel: HighMem has ${formatKb(freeKb)} free${zone ? `, above its high watermark of ${formatKb(zone.highKb)}` : ' in its buddy lists'}, while every lowmem zone is exhausted (${lows.map((z) => `${z.name} ${formatKb(z.freeKb)} free against min ${formatKb(z.minKb)}${allUnreclaimable(event, z) ? ', all_unreclaimable' : ''}`).join('; ')}). A request that could use HighMem would have been served there; this one could not (a kernel allocation, whose gfp_mask is not in the excerpt): lowmem exhaustion.`, [formatKb(freeKb)]),
      ...lows.map((z) => ev(zoneEvidenceText(event, z), [`free:${z.freeKb}kB`, `min:${z.minKb}kB`])),
      ...(highLine ? [ev(highLine)] : []),
    ],
  };
}
