// Buddy lists of an OOM dump: free blocks per order for each zone.
//
//   Normal: 1310*4kB 18*8kB 0*16kB … 0*4096kB = 5384kB                   (2.6/3.x)
//   Node 0 Normal: 2174*4kB (UME) 1190*8kB (UME) 2*16kB (H) … = 18432kB (3.x+: migrate types)
// The block sizes follow the page size (64kB pages on some ppc64/arm64 builds), so the order is
// the position in the line, not a size computed from 4kB.
import type { OomBuddy } from '../kernlog-types.js';

const BUDDY = /^(?:Node (\d+) )?(DMA32|DMA|Normal|HighMem|Movable|Device): (\d+\*\d+kB.*?)= (\d+)kB\s*$/;

export function parseBuddyLine(body: string): OomBuddy | null {
  const m = BUDDY.exec(body);
  if (!m) return null;
  const freeBlocks = [...m[3].matchAll(/(\d+)\*\d+kB/g)].map((b) => Number(b[1]));
  return { name: m[2], node: m[1] === undefined ? null : Number(m[1]), freeBlocks, totalKb: Number(m[4]) };
}
