// The tail of Mem-Info: swap, page counts and huge pages.
//
//   Free swap  = 524144kB / Total swap = 524284kB
//   1050608 pages RAM / 865282 pages HighMem / 537706 pages reserved / 298087 total pagecache pages
//   Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB   (3.x+)
import type { OomHugepages } from '../kernlog-types.js';

// "Free swap  = -28688kB" is real: swapoff running on 2.6.36 (kept as printed).
// 2.6.18's show_swap_cache_info adds "Free swap:       6976136kB" after show_mem's "Free swap = …".
const SWAP = /^(Free|Total) swap\s*[=:]\s*(-?\d+)kB/;
// "pages RAM", "pages of RAM" and "reserved pages", "pagecache pages" (2.6.18), "total pagecache pages".
const PAGES = /^(\d+) ((?:[a-z]+ ){0,2}pages?\b.*)$/;
const HUGE =
  /^(?:Node (\d+) )?hugepages_total=(\d+) hugepages_free=(\d+) hugepages_surp=(\d+) hugepages_size=(\d+)kB/;

export function parseSwapLine(body: string): { which: 'freeKb' | 'totalKb'; kb: number } | null {
  const m = SWAP.exec(body);
  if (!m) return null;
  return { which: m[1] === 'Free' ? 'freeKb' : 'totalKb', kb: Number(m[2]) };
}

/** "1050608 pages RAM" -> { name: 'pages RAM', value: 1050608 }. */
export function parsePageCount(body: string): { name: string; value: number } | null {
  const m = PAGES.exec(body);
  return m ? { name: m[2], value: Number(m[1]) } : null;
}

export function parseHugepages(body: string): OomHugepages | null {
  const m = HUGE.exec(body);
  if (!m) return null;
  return {
    node: m[1] === undefined ? null : Number(m[1]),
    total: Number(m[2]), free: Number(m[3]), surplus: Number(m[4]), sizeKb: Number(m[5]),
  };
}
