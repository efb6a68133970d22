// Memory sizing and the kernel allocator's state: free, vmstat, slab caches and the /proc views.
import { defineProbes, SMALL_FILE_BYTES } from './define.js';
import { SAMPLE_SECONDS, SAMPLE_TIMEOUT_MS } from './window.js';
import { MiB } from '../format/numbers.js';

export default defineProbes('memory', [
  {
    id: 'free',
    description: 'Totals of RAM and swap in kB (procps free; busybox prints its own layout).',
    run: 'free -k',
    // Old busybox free knows no -k, and prints kB anyway.
    fallbacks: [{ run: 'free', note: 'busybox builds without -k (kB is their default unit)' }],
  },
  {
    // Every memory cgroup's usage and limit, in ONE process however many cgroups there are
    // (a read per cgroup would cost a fork each: bench/footprint). GNU grep -r with an empty
    // pattern prints every line of the included files as `PATH:VALUE` (grep 3.x; -s hides the
    // files that vanish mid-walk). cgroup v1 (all kernels with CONFIG_MEMCG, /sys/fs/cgroup/memory
    // on Debian before 11, RHEL 7/8): memory.limit_in_bytes and memory.usage_in_bytes in bytes,
    // "no limit" printed as PAGE_COUNTER_MAX pages (9223372036854771712 with 4 KiB pages).
    // cgroup v2 (4.5+, the unified /sys/fs/cgroup of systemd 247+ distributions): memory.max
    // (bytes or `max`) and memory.current, absent from the root cgroup. A host with neither
    // (no CONFIG_MEMCG, cgroup_disable=memory, busybox grep without --include) falls to
    // /proc/cgroups, which says whether the controller exists and is enabled. Every file here is
    // world-readable: no root needed. The cap: about 5,000 cgroups at 100 bytes a line pair; a
    // bigger tree is cut (the manifest says truncated) and the parser drops the cut last line.
    id: 'memcg',
    description: 'Every memory cgroup\'s usage and limit (cgroup v1 limit_in_bytes/usage_in_bytes, v2 memory.max/current).',
    run: "grep -rs --include=memory.limit_in_bytes --include=memory.usage_in_bytes '' /sys/fs/cgroup/memory",
    fallbacks: [
      { run: "grep -rs --include=memory.max --include=memory.current '' /sys/fs/cgroup", note: 'cgroup v2 (unified hierarchy): no /sys/fs/cgroup/memory' },
      { run: 'cat /proc/cgroups', note: 'no memory cgroup files at all: whether the controller exists and is enabled' },
    ],
    maxBytes: 1 * MiB,
  },
  {
    id: 'proc-buddyinfo',
    description: 'Free blocks per zone and order: how fragmented each zone is.',
    read: '/proc/buddyinfo',
    // A line per node and zone (about 100 bytes each).
    maxBytes: SMALL_FILE_BYTES,
  },
  {
    id: 'proc-meminfo',
    description: 'The kernel\'s own memory accounting, every counter in kB.',
    read: '/proc/meminfo',
    // About 55 lines (1.5 KiB) on 6.x kernels.
    maxBytes: SMALL_FILE_BYTES,
  },
  {
    // PSI exists from 4.20 (CONFIG_PSI): on older kernels the file is missing and recorded so.
    id: 'proc-pressure-memory',
    description: 'Share of time tasks stalled on memory: reclaim, swap-in, thrashing (PSI, 4.20+).',
    read: '/proc/pressure/memory',
    maxBytes: SMALL_FILE_BYTES,
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
    // A line per swap area: at most MAX_SWAPFILES (32 or fewer).
    maxBytes: SMALL_FILE_BYTES,
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

