// Names of the common gfp_mask values of 2.6.x–3.x kernels, which print the mask as a bare number.
import type { OomEvent } from '../parsers/kernlog-types.js';

// include/linux/gfp.h of 2.6.39: __GFP_WAIT 0x10, __GFP_HIGH 0x20, __GFP_IO 0x40, __GFP_FS 0x80,
// __GFP_COLD 0x100, __GFP_NOWARN 0x200, __GFP_HARDWALL 0x20000, __GFP_HIGHMEM 0x02, __GFP_MOVABLE 0x08.
const OLD_NAMES: Record<string, string> = {
  '0xd0': 'GFP_KERNEL',
  '0x20': 'GFP_ATOMIC',
  '0x50': 'GFP_NOFS',
  '0x10': 'GFP_NOIO',
  '0x200d2': 'GFP_HIGHUSER',
  '0x200da': 'GFP_HIGHUSER_MOVABLE',
  '0x201da': 'GFP_HIGHUSER_MOVABLE|__GFP_COLD',
  '0x280da': 'GFP_HIGHUSER_MOVABLE|__GFP_ZERO',
};

/** The flags as printed (4.x+), else the 2.6.x name of a well-known mask, else the number. */
export function gfpName(event: OomEvent): string {
  if (event.gfpFlags.length > 0) return event.gfpFlags.join('|');
  if (!event.gfpMask) return 'unknown';
  return OLD_NAMES[event.gfpMask.toLowerCase()] ?? event.gfpMask;
}
