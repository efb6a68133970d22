// Memory charts: where the RAM is (meminfo, free, or the OOM dump's counters) and, per zone, lowmem.
import type { Facts } from '../facts/types.js';
import type { OomEvent, OomZone } from '../parsers/kernlog-types.js';
import { stackedBars, type BarPart, type BarRow, type LegendItem, type SvgChart } from './charts.js';
import { formatKb, formatPct } from '../format/numbers.js';
import { isHighMem, pageKb } from '../facts/oom.js';

export const MEMORY_LEGEND: LegendItem[] = [
  { label: 'anonymous', cls: 'seg-anon', value: '' },
  { label: 'page cache', cls: 'seg-cache', value: '' },
  { label: 'slab, reclaimable', cls: 'seg-srecl', value: '' },
  { label: 'slab, unreclaimable', cls: 'seg-sunrecl', value: '' },
  { label: 'shmem', cls: 'seg-shmem', value: '' },
  { label: 'other kernel', cls: 'seg-other', value: '' },
  { label: 'free', cls: 'seg-free', value: '' },
];

const n = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function parts(anon: number, cache: number, srecl: number, sunrecl: number, shmem: number, free: number, total: number): BarPart[] {
  const known = anon + cache + srecl + sunrecl + shmem + free;
  return [
    { key: 'anon', label: 'anonymous', kb: anon },
    { key: 'cache', label: 'page cache', kb: cache },
    { key: 'srecl', label: 'slab, reclaimable', kb: srecl },
    { key: 'sunrecl', label: 'slab, unreclaimable', kb: sunrecl },
    { key: 'shmem', label: 'shmem', kb: shmem },
    { key: 'other', label: 'other kernel', kb: Math.max(0, total - known) },
    { key: 'free', label: 'free', kb: free },
  ];
}

function noteOf(total: number, p: BarPart[]): string {
  const top = [...p].filter((x) => x.key !== 'other').sort((a, b) => b.kb - a.kb).slice(0, 3);
  return `${formatKb(total)} · ` + top.map((x) => `${x.label} ${formatPct(x.kb, total)}`).join(' · ');
}

/** meminfo: page cache is Cached + Buffers without Shmem (Cached counts shmem pages too). */
function meminfoRow(fields: Record<string, number>): BarRow | null {
  const total = fields['MemTotal'];
  if (!total) return null;
  const shmem = n(fields['Shmem']);
  const anon = fields['AnonPages'] ?? n(fields['Active(anon)']) + n(fields['Inactive(anon)']);
  const cache = Math.max(0, n(fields['Cached']) + n(fields['Buffers']) - shmem);
  const srecl = n(fields['SReclaimable']);
  const sunrecl = fields['SUnreclaim'] ?? (fields['SReclaimable'] === undefined ? n(fields['Slab']) : 0);
  const p = parts(anon, cache, srecl, sunrecl, shmem, n(fields['MemFree']), total);
  return { label: 'meminfo', totalKb: total, parts: p, note: noteOf(total, p) };
}

/**
 * meminfo's lowmem (LowTotal/LowFree, printed by 32-bit kernels with HighMem): slab always lives
 * there, so the row shows at a glance how much of lowmem the kernel's caches hold.
 */
function lowmemRow(fields: Record<string, number>): BarRow | null {
  const total = fields['LowTotal'];
  if (!total) return null;
  const srecl = n(fields['SReclaimable']);
  const sunrecl = fields['SUnreclaim'] ?? (fields['SReclaimable'] === undefined ? n(fields['Slab']) : 0);
  const p: BarPart[] = [
    { key: 'srecl', label: 'slab, reclaimable', kb: srecl },
    { key: 'sunrecl', label: 'slab, unreclaimable', kb: sunrecl },
    { key: 'other', label: 'other (cache, anon, kernel)', kb: Math.max(0, total - srecl - sunrecl - n(fields['LowFree'])) },
    { key: 'free', label: 'free', kb: n(fields['LowFree']) },
  ];
  return { label: 'lowmem', totalKb: total, parts: p, note: noteOf(total, p) };
}

/** free alone: used (without buffers/cache), buffers+cache, free; slab is not told apart. */
function freeRow(facts: Facts): BarRow | null {
  const f = facts.parsed.free;
  if (!f || !f.memTotalKb) return null;
  const cache = f.buffCacheKb ?? n(f.buffersKb) + n(f.cachedKb);
  const used = f.usedMinusBuffCacheKb ?? (f.format === 'procps' ? f.memUsedKb - cache : f.memUsedKb);
  const p = parts(Math.max(0, used), cache, 0, 0, 0, f.memFreeKb, f.memTotalKb);
  // free's "used" holds anonymous memory and kernel memory together: say so in the label.
  p[0] = { key: 'anon', label: 'used (anon + kernel)', kb: Math.max(0, used) };
  return { label: 'free', totalKb: f.memTotalKb, parts: p, note: noteOf(f.memTotalKb, p) };
}

export function oomRow(event: OomEvent): BarRow | null {
  const m = event.memInfo;
  if (!m || m['free'] === undefined) return null;
  // The dump's global counters (active_anon:7174 …) are in pages of the dump's own size (64 kB on
  // some arm64 and ppc64 kernels): pageKb reads it off the buddy lists.
  const page = pageKb(event);
  const kb = (key: string): number => n(m[key]) * page;
  // shmem pages sit on the anon LRU lists (swap-backed) since 2.6.28: take them out of anon.
  const shmem = kb('shmem');
  const p = parts(Math.max(0, kb('active_anon') + kb('inactive_anon') - shmem), kb('active_file') + kb('inactive_file'),
    kb('slab_reclaimable'), kb('slab_unreclaimable'), shmem, kb('free'), 0);
  const total = p.reduce((s, x) => s + x.kb, 0);
  return { label: `OOM ${event.time ?? ''}`.trim().slice(0, 16), totalKb: total, parts: p, note: noteOf(total, p) + ' (of counted pages)' };
}

export function memoryCharts(facts: Facts): { charts: SvgChart[]; note: string } {
  const rows: BarRow[] = [];
  const now = facts.parsed.meminfo ? meminfoRow(facts.parsed.meminfo.fields) : null;
  const row = now ?? freeRow(facts);
  if (row) rows.push(row);
  const low = facts.parsed.meminfo ? lowmemRow(facts.parsed.meminfo.fields) : null;
  if (low) rows.push(low);
  for (const event of facts.oomEvents.slice(-3)) {
    const r = oomRow(event);
    if (r) rows.push(r);
  }
  if (rows.length === 0) return { charts: [], note: 'No memory figures in the input (no meminfo, free or OOM dump).' };
  const note = [
    now ? `meminfo: at collection time.${low ? ' lowmem: the part of RAM a 32-bit kernel can use for itself (LowTotal); slab always lives there.' : ''}` : row ? 'free: at collection time; free does not tell slab from applications.' : '',
    facts.oomEvents.length ? 'OOM rows: the kernel\'s own counters in its OOM dump (pages of the dump\'s own size), at the kill.' : '',
  ].filter(Boolean).join(' ');
  return { charts: [stackedBars('Where the memory is', rows, MEMORY_LEGEND, formatKb)], note };
}

const ZONE_LEGEND: LegendItem[] = MEMORY_LEGEND.filter((l) => l.cls !== 'seg-shmem').concat([{ label: 'min watermark', cls: 'marker', value: '' }]);

/** One zone of an OOM dump as a bar: its present size split into what holds it. */
export function zoneRow(zone: OomZone): BarRow {
  const anon = n(zone.activeAnonKb) + n(zone.inactiveAnonKb);
  const file = n(zone.activeFileKb) + n(zone.inactiveFileKb);
  const srecl = n(zone.slabReclaimableKb);
  const sunrecl = n(zone.slabUnreclaimableKb);
  const sum = anon + file + srecl + sunrecl + zone.freeKb;
  const total = zone.presentKb ?? zone.managedKb ?? sum;
  const p = parts(anon, file, srecl, sunrecl, 0, zone.freeKb, total).filter((x) => x.key !== 'shmem');
  const bits = [
    `${formatKb(total)} present`,
    srecl ? `slab reclaimable ${formatPct(srecl, total)}` : '',
    `free ${formatKb(zone.freeKb)} (min ${formatKb(zone.minKb)})`,
    zone.allUnreclaimable ? 'all_unreclaimable' : '',
  ].filter(Boolean);
  return { label: zone.node !== null && zone.node > 0 ? `${zone.node}:${zone.name}` : zone.name, totalKb: total, parts: p, markerKb: zone.minKb, note: bits.join(' · ') };
}

export function zoneChart(title: string, zones: OomZone[]): SvgChart | null {
  if (zones.length === 0) return null;
  return stackedBars(title, zones.map(zoneRow), ZONE_LEGEND, formatKb);
}

/** The zone chart for the memory section: the latest OOM dump's zones, when the kernel is 32-bit
 *  or has a HighMem zone (lowmem is then a separate, exhaustible pool). */
export function lowmemChart(events: OomEvent[], bits: 32 | 64 | null): { chart: SvgChart | null; note: string; event: OomEvent | null } {
  const event = [...events].reverse().find((e) => e.zones.length > 0);
  if (!event) return { chart: null, note: '', event: null };
  const highmem = event.zones.some((z) => isHighMem(z.name));
  if (bits !== 32 && !highmem) return { chart: null, note: '', event: null };
  return {
    event,
    chart: zoneChart(`Per zone at the OOM event of ${event.time ?? 'the log'} (lowmem = DMA + Normal)`, event.zones),
    note: 'A 32-bit kernel can only use lowmem (DMA and Normal) for its own allocations: slab, kernel stacks, page tables. Free HighMem and free swap cannot serve them.',
  };
}
