// /proc/zoneinfo of 2.6 kernels and modern ones (per-node stats blocks, pages free).
import { defineParser, unparsed } from './types.js';
import { hostRecord, linesOf, toInt } from './lines/text.js';

/**
 * One block per zone (mm/vmstat.c, zoneinfo_show_print). 2.6.21, amd64:
 *   Node 0, zone    DMA32
 *     pages free     4968
 *           min      1428
 *           scanned  0 (a: 0 i: 0)
 *           spanned  519904
 *           present  512796
 *       nr_slab_reclaimable 40201
 *           protection: (0, 0, 0)
 *     pagesets
 *       cpu: 0 pcp: 0
 *                 count: 129
 *     all_unreclaimable: 0
 *     prev_priority:     12
 * 3.x adds "managed" (3.8+) and "vm stats threshold" per cpu; 4.8+ moves the LRU and slab
 * counters to a "per-node stats" sub-block printed in the node's first zone, above "pages free":
 *   Node 0, zone      DMA
 *     per-node stats
 *         nr_slab_reclaimable 49017
 *     pages free     3832
 *           managed  3976
 *     node_unreclaimable:  0
 * Traps: pagesets repeat "high:" (6.x also "high_min:") per cpu (with a colon; the watermark "high" has none), and
 * "vm stats threshold" is indented like a zone attribute.
 */
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
  /** node_unreclaimable (4.8+, printed in every zone of the node) or null where not printed. */
  nodeUnreclaimable: boolean | null;
  /** lowmem_reserve in pages against allocations for each zone index ("protection: (0, 2871…)"). */
  protection: number[] | null;
}
export interface ZoneinfoFacts {
  zones: ZoneinfoZone[];
  /** Per-node stats blocks of kernels 4.8+ (nr_inactive_anon… under 'per-node stats'). */
  nodeStats: Array<{ node: number; stats: Record<string, number> }>;
}

type Section = 'none' | 'node-stats' | 'zone' | 'pagesets';
interface Draft extends Omit<ZoneinfoZone, 'freePages' | 'minPages' | 'lowPages' | 'highPages'> {
  freePages: number | null; minPages: number | null; lowPages: number | null; highPages: number | null;
}

const HEADER = /^Node\s+(\d+),\s*zone\s+(\S+)\s*$/;
const COUNTER = /^([a-z][a-z0-9_]*)\s+(\d+)(?:\s.*)?$/;
const ATTRIBUTE = /^([a-z][a-z0-9_ ]*?):\s*(\d+)(?:\s.*)?$/;
const PAGESET_KEYS = new Set(['cpu', 'count', 'high', 'batch', 'vm stats threshold']);
const SIZES = { min: 'minPages', low: 'lowPages', high: 'highPages', spanned: 'spannedPages',
  present: 'presentPages', managed: 'managedPages' } as const;

function newDraft(node: number, zone: string): Draft {
  return { node, zone, freePages: null, minPages: null, lowPages: null, highPages: null,
    presentPages: null, spannedPages: null, managedPages: null, stats: hostRecord<number>(),
    allUnreclaimable: null, nodeUnreclaimable: null, protection: null };
}

/** A zone counts only with its free pages and three watermarks: a cut block is dropped. */
function finished(draft: Draft | null): ZoneinfoZone | null {
  if (!draft) return null;
  const { freePages, minPages, lowPages, highPages } = draft;
  if (freePages === null || minPages === null || lowPages === null || highPages === null) return null;
  return { ...draft, freePages, minPages, lowPages, highPages };
}

function protectionOf(line: string): number[] | null {
  const match = /^protection:\s*\(([\d,\s]*)\)/.exec(line);
  if (!match) return null;
  const values = match[1].split(',').map((v) => toInt(v.trim()));
  return values.every((v): v is number => v !== null) ? values : null;
}

export const zoneinfo = defineParser<ZoneinfoFacts>({
  name: 'zoneinfo',
  sources: ['proc-zoneinfo'],
  description: `/proc/zoneinfo of 2.6 kernels and modern ones (per-node stats blocks, pages free).`,
  parse(text) {
    const zones: ZoneinfoZone[] = [];
    const nodeStats: ZoneinfoFacts['nodeStats'] = [];
    let draft: Draft | null = null;
    let section: Section = 'none';
    let nodeBlock: Record<string, number> | null = null;
    const close = (): void => {
      const zone = finished(draft);
      if (zone) zones.push(zone);
    };

    for (const raw of linesOf(text)) {
      const line = raw.trim();
      const header = HEADER.exec(line);
      if (header) {
        close();
        const node = toInt(header[1]);
        draft = node === null ? null : newDraft(node, header[2]);
        section = draft ? 'zone' : 'none';
        continue;
      }
      if (!draft) continue;
      if (line === 'per-node stats') {
        nodeBlock = hostRecord<number>();
        nodeStats.push({ node: draft.node, stats: nodeBlock });
        section = 'node-stats';
        continue;
      }
      const free = /^pages free\s+(\d+)\s*$/.exec(line);
      if (free) {
        draft.freePages = toInt(free[1]);
        section = 'zone';
        continue;
      }
      if (line === 'pagesets') {
        section = 'pagesets';
        continue;
      }
      if (line.startsWith('protection:')) {
        draft.protection = protectionOf(line);
        continue;
      }
      const attribute = ATTRIBUTE.exec(line);
      if (attribute) {
        const [, key, digits] = attribute;
        // Per-cpu pageset lines ("cpu: 0 pcp: 0", "count: 129", "high:  186", 6.x "high_min:")
        // describe per-cpu lists, not the zone: skipped. They sit deeper than the zone's own
        // attributes (two spaces), except "vm stats threshold".
        const indent = raw.length - raw.trimStart().length;
        if (PAGESET_KEYS.has(key) || (section === 'pagesets' && indent > 2)) continue;
        const value = toInt(digits);
        if (value === null) continue;
        if (key === 'all_unreclaimable') draft.allUnreclaimable = value !== 0;
        else if (key === 'node_unreclaimable') draft.nodeUnreclaimable = value !== 0;
        else draft.stats[key] = value;
        continue;
      }
      const counter = COUNTER.exec(line);
      if (!counter) continue;
      const value = toInt(counter[2]);
      if (value === null) continue;
      const key = counter[1];
      if (section === 'node-stats' && nodeBlock) nodeBlock[key] = value;
      else if (section === 'zone' && key in SIZES) draft[SIZES[key as keyof typeof SIZES]] = value;
      // "scanned  0 (a: 19 i: 24)" of 2.6.18-2.6.24 keeps its first figure.
      else if (section === 'zone') draft.stats[key] = value;
    }
    close();
    if (zones.length === 0) return unparsed("no zone block ('Node N, zone NAME' with pages free, min, low, high)", text);
    return { zones, nodeStats };
  },
});
