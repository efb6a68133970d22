// Memory sizing and the kernel allocator's state: free, vmstat, slab caches and the /proc views.
import { defineProbes } from './define.js';
import { SAMPLE_SECONDS, SAMPLE_TIMEOUT_MS } from './window.js';

export default defineProbes('memory', [
  {
    id: 'free',
    description: 'Totals of RAM and swap in kB (procps free; busybox prints its own layout).',
    run: 'free -k',
    // Old busybox free knows no -k, and prints kB anyway.
    fallbacks: [{ run: 'free', note: 'busybox builds without -k (kB is their default unit)' }],
  },
  {
    id: 'proc-buddyinfo',
    description: 'Free blocks per zone and order: how fragmented each zone is.',
    read: '/proc/buddyinfo',
  },
  {
    id: 'proc-meminfo',
    description: 'The kernel\'s own memory accounting, every counter in kB.',
    read: '/proc/meminfo',
  },
  {
    // PSI exists from 4.20 (CONFIG_PSI): on older kernels the file is missing and recorded so.
    id: 'proc-pressure-memory',
    description: 'Share of time tasks stalled on memory: reclaim, swap-in, thrashing (PSI, 4.20+).',
    read: '/proc/pressure/memory',
  },
  {
    // Mode 0400 since 2.6.x: only root sees the caches (the slabtop probe reads the same data).
    id: 'proc-slabinfo',
    description: 'Slab caches (slabinfo 2.1): objects, object size and pages per cache.',
    read: '/proc/slabinfo',
    needsRoot: true,
  },
  {
    id: 'proc-swaps',
    description: 'Swap devices and files, their size and use.',
    read: '/proc/swaps',
  },
  {
    id: 'proc-vmstat',
    description: 'Cumulative VM event counters: reclaim scans, compaction stalls, OOM kills.',
    read: '/proc/vmstat',
  },
  {
    id: 'proc-zoneinfo',
    description: 'Per-zone free pages and watermarks (min/low/high), present and managed pages.',
    read: '/proc/zoneinfo',
  },
  {
    // procps 3.2 slabtop -o still waits on stdin when it is not a terminal (the sos trap): the
    // collector gives every probe </dev/null, so it reads EOF and prints once. It reads
    // /proc/slabinfo, so it needs root too; when it is missing or refused, the proc-slabinfo
    // probe holds the same caches (no fallback here, the manifest says so).
    id: 'slabtop',
    description: 'Slab caches sorted by cache size (slabtop -o -s c); proc-slabinfo has the same data.',
    run: 'slabtop -o -s c',
    coveredBy: 'proc-slabinfo',
    needsRoot: true,
  },
  {
    // `vmstat 1 6`: the first line averages since boot, then SAMPLE_SECONDS one-second samples.
    id: 'vmstat',
    description: 'Run queue, swap-in/out, block I/O and CPU split, one line a second.',
    run: `vmstat 1 ${SAMPLE_SECONDS + 1}`,
    timeoutMs: SAMPLE_TIMEOUT_MS,
    sampleSeconds: SAMPLE_SECONDS,
  },
]);

