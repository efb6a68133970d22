// /proc/zoneinfo of 2.6 kernels and modern ones (per-node stats blocks, pages free).
import { defineParser, unparsed } from './types.js';

export interface ZoneinfoZone {
  node: number;
  zone: string;
  freePages: number;
  minPages: number;
  lowPages: number;
  highPages: number;
  /** Not printed by kernels before 2.6.x for empty zones: null then. */
  presentPages: number | null;
  spannedPages: number | null;
  /** Printed since 3.x (managed); null before. */
  managedPages: number | null;
  /** Every other counter of the zone block (nr_slab_reclaimable, nr_active_file…). */
  stats: Record<string, number>;
  /** all_unreclaimable (old kernels) or null where not printed. */
  allUnreclaimable: boolean | null;
}
export interface ZoneinfoFacts {
  zones: ZoneinfoZone[];
  /** Per-node stats blocks of kernels 4.8+ (nr_inactive_anon… under 'per-node stats'). */
  nodeStats: Array<{ node: number; stats: Record<string, number> }>;
}

export const zoneinfo = defineParser<ZoneinfoFacts>({
  name: 'zoneinfo',
  sources: ['proc-zoneinfo'],
  description: `/proc/zoneinfo of 2.6 kernels and modern ones (per-node stats blocks, pages free).`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
