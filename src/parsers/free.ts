// free: procps 3.2 (-/+ buffers/cache), procps-ng 3.3.10+ (available), -b/-k/-m/-g/-h, busybox.
import { defineParser, unparsed } from './types.js';

/** Sizes in kB whatever unit free printed; a figure the format lacks is null. */
export interface FreeFacts {
  /** procps (3.2, with the -/+ buffers/cache line), procps-ng (3.3.10+), busybox. */
  format: 'procps' | 'procps-ng' | 'busybox';
  memTotalKb: number;
  /** free's own 'used', as printed (procps < 3.3.10 counts buffers and cache in it). */
  memUsedKb: number;
  memFreeKb: number;
  sharedKb: number | null;
  buffersKb: number | null;
  cachedKb: number | null;
  buffCacheKb: number | null;
  availableKb: number | null;
  /** The -/+ buffers/cache line's used and free (procps 3.2 only). */
  usedMinusBuffCacheKb: number | null;
  freePlusBuffCacheKb: number | null;
  /** Low:/High: lines of free -l (32-bit kernels), else null. */
  lowTotalKb: number | null;
  lowFreeKb: number | null;
  highTotalKb: number | null;
  highFreeKb: number | null;
  swapTotalKb: number;
  swapUsedKb: number;
  swapFreeKb: number;
}

export const free = defineParser<FreeFacts>({
  name: 'free',
  sources: ['free'],
  description: `free: procps 3.2 (-/+ buffers/cache), procps-ng 3.3.10+ (available), -b/-k/-m/-g/-h, busybox.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
