// Mem-Info of an OOM dump: global page counters, node lines (4.8+), zone lines, lowmem_reserve.
//
//   active_anon:7174 inactive_anon:3515 isolated_anon:0             (pages; 2.6 to 6.x)
//   Node 0 active_anon:956kB … all_unreclaimable? no                 (4.8+: per-node LRU moved here)
//   Normal free:5376kB min:4004kB low:5004kB high:6004kB … present:719320kB … all_unreclaimable? yes
//   Node 0 DMA32 free:44kB boost:0kB min:… present:… managed:…       (NUMA builds and 4.x+)
//   lowmem_reserve[]: 0 702 2008 2008                                  (pages, one per higher zone)
import type { OomNode, OomZone } from '../kernlog-types.js';
import { allUnreclaimable, kbFigures, pick } from './figures.js';

const ZONE = /^(?:Node (\d+) )?(DMA32|DMA|Normal|HighMem|Movable|Device) free:\s?\d+kB/;
const NODE = /^Node (\d+) (?:active_anon|inactive_anon|active_file):\s?\d+kB/;
// 2.6.28-2.6.31 print "Active_anon:290797 active_file:28 inactive_anon:97034" (a capital A).
const COUNTERS = /^(?:[A-Za-z_]+:\d+\s*)+$/;
const RESERVE = /^lowmem_reserve\[\]:((?:\s+\d+)+)\s*$/;

export function parseZoneLine(body: string): OomZone | null {
  const m = ZONE.exec(body);
  if (!m) return null;
  const f = kbFigures(body);
  return {
    name: m[2],
    node: m[1] === undefined ? null : Number(m[1]),
    freeKb: f.free ?? 0,
    minKb: f.min ?? 0,
    lowKb: f.low ?? 0,
    highKb: f.high ?? 0,
    presentKb: pick(f, 'present'),
    managedKb: pick(f, 'managed'),
    slabReclaimableKb: pick(f, 'slab_reclaimable'),
    slabUnreclaimableKb: pick(f, 'slab_unreclaimable'),
    activeAnonKb: pick(f, 'active_anon'),
    inactiveAnonKb: pick(f, 'inactive_anon'),
    activeFileKb: pick(f, 'active_file'),
    inactiveFileKb: pick(f, 'inactive_file'),
    shmemKb: pick(f, 'shmem'),
    allUnreclaimable: allUnreclaimable(body),
    figures: f,
    lowmemReservePages: null,
  };
}

export function parseNodeLine(body: string): OomNode | null {
  const m = NODE.exec(body);
  if (!m) return null;
  return { node: Number(m[1]), figures: kbFigures(body), allUnreclaimable: allUnreclaimable(body) };
}

/** "lowmem_reserve[]: 0 702 2008 2008" -> [0, 702, 2008, 2008]. */
export function parseLowmemReserve(body: string): number[] | null {
  const m = RESERVE.exec(body);
  return m ? m[1].trim().split(/\s+/).map(Number) : null;
}

/** A line of global counters ("free:39375 slab_reclaimable:166268 …", pages), else null. */
export function parseCounters(body: string): Record<string, number> | null {
  if (!COUNTERS.test(body)) return null;
  const out: Record<string, number> = {};
  for (const m of body.matchAll(/([A-Za-z_]+):(\d+)/g)) out[m[1].toLowerCase()] = Number(m[2]);
  return out;
}
