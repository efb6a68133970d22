// I/O: where the block devices are mounted and whether tasks stall on I/O.
import { defineProbes, SMALL_FILE_BYTES } from './define.js';

export default defineProbes('io', [
  {
    // Maps a writeback thread's major:minor (flush-0:17) to its mount point.
    id: 'proc-mountinfo',
    description: 'Mounts with their device major:minor, as this process sees them.',
    read: '/proc/self/mountinfo',
  },
  {
    // PSI exists from 4.20 (CONFIG_PSI): on older kernels the file is missing and recorded so.
    id: 'proc-pressure-io',
    description: 'Share of time tasks stalled on I/O (PSI, kernel 4.20+).',
    read: '/proc/pressure/io',
    maxBytes: SMALL_FILE_BYTES,
  },
]);
