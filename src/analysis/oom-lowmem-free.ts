// Lowmem exhaustion read without zone lines: a 32-bit kernel, a kernel allocation, and `free` showing most memory free.
import type { OomEvent } from '../parsers/kernlog-types.js';
import { lineWith, mayUseHighMem } from '../facts/oom.js';
import { formatKb, formatPct } from '../format/numbers.js';
import type { Ev, Verdict } from './oom-verdict.js';

/** What the input's `free` output says, when it had one (a paste, a snapshot). */
export interface FreeFigures {
  memTotalKb: number;
  memFreeKb: number;
  swapTotalKb: number | null;
  swapFreeKb: number | null;
}

/** i386's lowmem is at most 896 MB (the 3G/1G split): a machine above it has HighMem. */
const LOWMEM_MAX_KB = 896 * 1024;
/** Share of RAM `free` must show free for the shortage to be lowmem's alone. */
const FREE_SHARE = 0.5;
// A 32-bit x86 or ARM kernel's text sits at 0xc0000000 and above: its frames print 8 hex digits
// ("[<c01408cb>] out_of_memory+0x69/0x18e", 2.6.23 i686); a 64-bit kernel's print 16.
const FRAME_32 = /\[<c[0-9a-f]{7}>\]/;

/**
 * 2.6.2x excerpts often keep only the header and a few frames (a mailing-list post). The zone
 * lines that would show lowmem at its minimum are gone, but three things still tell it: the
 * kernel is 32-bit (its frames' addresses, or uname), the request cannot use HighMem (no
 * __GFP_HIGHMEM in the mask: a kernel allocation), and the paste's `free` shows most of a machine
 * larger than lowmem free. Memory was there, in HighMem, where the kernel could not use it. The
 * free output is taken to be of the OOM's time: a reporter pastes it to show that.
 */
export function lowmemFromFreeVerdict(event: OomEvent, ev: Ev, free: FreeFigures | null, bits: 32 | 64 | null): Verdict | null {
  if (!free || event.zones.length > 0 || Object.keys(event.memInfo).length > 0 || mayUseHighMem(event) !== false) return null;
  const frame = lineWith(event, FRAME_32);
  if (bits === 64 || (bits !== 32 && !frame)) return null;
  if (free.memTotalKb <= LOWMEM_MAX_KB || free.memFreeKb < FREE_SHARE * free.memTotalKb) return null;
  const swap = free.swapTotalKb ? `, swap ${formatPct(free.swapFreeKb ?? 0, free.swapTotalKb)} free` : '';
  const gfp = lineWith(event, 'gfp_mask=');
  return {
    cause: 'lowmem',
    why: [
      ev(`A 32-bit kernel (${frame ? 'its frames sit at 0xc…: 32-bit kernel addresses' : 'uname says so'}) asked for a kernel page (gfp_mask ${event.gfpMask}: no __GFP_HIGHMEM), which only lowmem (DMA and Normal, at most 896 MB) can give, while \`free\` shows ${formatKb(free.memFreeKb)} of ${formatKb(free.memTotalKb)} free (${formatPct(free.memFreeKb, free.memTotalKb)})${swap}: the free memory is HighMem; lowmem ran out.`, [event.gfpMask ?? '']),
      ...(gfp ? [ev(gfp, [`gfp_mask=${event.gfpMask}`])] : []),
      ...(frame ? [ev(frame)] : []),
    ],
  };
}
