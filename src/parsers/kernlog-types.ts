// The OOM event: one OOM-killer dump, a kernel panic on OOM, or a "page allocation failure".
// Its contract fields (DESIGN.md, analysis JSON) come first; the rest may grow.

export type OomConstraint = 'global' | 'memcg' | 'cpuset' | 'mempolicy';
export type OomCause =
  | 'anon' | 'lowmem' | 'fragmentation' | 'shmem' | 'slab_leak' | 'hugepages' | 'memcg_limit' | 'other'
  /** The excerpt is too short (a cut dump, kill lines only) for anyone to tell the cause. */
  | 'unknown';

/** A zone line of Mem-Info ("Normal free:5376kB min:4004kB …"), sizes in kB. */
export interface OomZone {
  name: string;
  node: number | null;
  freeKb: number;
  minKb: number;
  lowKb: number;
  highKb: number;
  presentKb: number | null;
  managedKb: number | null;
  slabReclaimableKb: number | null;
  slabUnreclaimableKb: number | null;
  activeAnonKb: number | null;
  inactiveAnonKb: number | null;
  activeFileKb: number | null;
  inactiveFileKb: number | null;
  shmemKb: number | null;
  /** "all_unreclaimable? yes" (kernels before 4.x print it), null where not printed. */
  allUnreclaimable: boolean | null;
  /** Every kB figure of the line by its printed name (kernel_stack, pagetables, …). */
  figures: Record<string, number>;
  /** The "lowmem_reserve[]: 0 702 2008 2008" line printed after the zone (pages), else null. */
  lowmemReservePages: number[] | null;
}

/** A node line of Mem-Info on 4.8+ kernels ("Node 0 active_anon:… all_unreclaimable? no"). */
export interface OomNode {
  node: number;
  /** Every kB figure of the line by its printed name (active_anon, shmem, kernel_stack, …). */
  figures: Record<string, number>;
  allUnreclaimable: boolean | null;
}

/** "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB". */
export interface OomHugepages {
  node: number | null;
  total: number;
  free: number;
  surplus: number;
  sizeKb: number;
}

/** A memcg usage line ("memory: usage 32768kB, limit 32768kB, failcnt 482"). */
export interface MemcgCounter { usageKb: number | null; limitKb: number | null; failcnt: number | null }

/** "Memory cgroup stats for /foo: …": one line (3.x/4.x, "rss:10240KB") or a line per stat (5.x+). */
export interface MemcgStats {
  path: string;
  /** By printed name, numbers as printed: KB-suffixed figures on old kernels, bytes or counts later. */
  values: Record<string, number>;
  /** True when the figures were printed with a KB suffix (old one-line form). */
  kbSuffix: boolean;
}

/** A buddy list line ("Normal: 1310*4kB 18*8kB … = 5384kB"). */
export interface OomBuddy {
  name: string;
  node: number | null;
  /** Free blocks per order, order 0 first. */
  freeBlocks: number[];
  totalKb: number;
}

export interface OomKilled {
  pid: number;
  comm: string;
  score: number | null;
  totalVmKb: number | null;
  anonRssKb: number | null;
  fileRssKb: number | null;
  shmemRssKb: number | null;
}

/** A row of the task dump ("[ pid ] uid tgid total_vm rss … name"); pages as printed. */
export interface OomTask {
  pid: number;
  uid: number | null;
  tgid: number | null;
  totalVmPages: number | null;
  rssPages: number | null;
  swapEntries: number | null;
  oomScoreAdj: number | null;
  name: string;
  /** Every numeric column by its header name (cpu, oom_adj, nr_ptes, pgtables_bytes, rss_anon…). */
  columns: Record<string, number>;
}

export interface OomEvent {
  /** Contract fields. */
  time: string | null;
  trigger: { comm: string; pid: number | null } | null;
  gfpMask: string | null;
  order: number | null;
  constraint: OomConstraint | null;
  memcg: string | null;
  /** Filled by analysis (classification); parsers leave it null. */
  cause: OomCause | null;
  panic: boolean;
  killed: OomKilled[];
  zones: OomZone[];

  /** Beyond the contract. */
  kind: 'oom-kill' | 'alloc-failure' | 'memcg-oom';
  /** dmesg's [seconds.micros] stamp when printed. */
  uptimeSeconds: number | null;
  /** gfp flag names when printed ("(GFP_KERNEL|__GFP_COMP)"). */
  gfpFlags: string[];
  /** The task that was killed's cgroup / the OOM cgroup details (memcg OOMs). */
  memcgUsage: { usageKb: number | null; limitKb: number | null; failcnt: number | null } | null;
  /** "active_anon:7174 inactive_anon:3515 …" global counters, in pages as printed. */
  memInfo: Record<string, number>;
  buddy: OomBuddy[];
  swap: { freeKb: number; totalKb: number } | null;
  /** "N pages RAM", "N pages HighMem", "N pages reserved"… by their printed names. */
  pageCounts: Record<string, number>;
  tasks: OomTask[];
  /** Function names of the call trace, innermost first (dup_task_struct, …). */
  callTrace: string[];
  /** The header of this event was not in the text (the log starts inside it). */
  headerMissing: boolean;
  /** Mem-Info node lines of 4.8+ kernels. */
  nodes: OomNode[];
  hugepages: OomHugepages[];
  /** memcg usage lines by their printed name: memory, memory+swap, kmem, swap (v2). */
  memcgCounters: Record<string, MemcgCounter>;
  memcgStats: MemcgStats[];
  /** The victim's cgroup when printed ("task_memcg=/foo/bar", "Task in /foo/bar killed …"). */
  taskMemcg: string | null;
  /**
   * How `constraint` was decided: 'printed' (oom-kill:constraint=, 4.19+), 'memcg-marker' (a memcg
   * block or "Memory cgroup out of memory"), 'default-global' (an old kernel that prints no
   * constraint: global unless a marker says otherwise), or null (no constraint: an allocation failure).
   */
  constraintSource: 'printed' | 'memcg-marker' | 'default-global' | null;
  /** The kernel release printed on the dump's "Pid:"/"CPU: … PID:" line ("2.6.39-linode33"), else null. */
  kernelRelease: string | null;
  /** "Out of memory and no killable processes...": the OOM killer found nothing it may kill. */
  noKillableProcesses: boolean;
  /** The panic line when the kernel panicked ("Kernel panic - not syncing: Out of memory: …"). */
  panicReason: string | null;
  /** 1-based line numbers of the event in the log text. */
  lines: { first: number; last: number };
  /** The event's raw lines with the syslog/dmesg prefix kept, capped, for evidence. */
  text: string[];
  /** Lines of the event left out of `text` by the cap (the first and the last lines are kept). */
  textOmitted: number;
  /** Task rows left out of `tasks` by the cap. */
  tasksOmitted: number;
  /**
   * The "Unreclaimable slab info:" table (4.15+), largest first. The kernel prints it only when
   * unreclaimable slab outweighs all LRU (user) pages: its presence is itself evidence.
   */
  unreclaimableSlab: Array<{ name: string; usedKb: number; totalKb: number }>;
  /** The table's header was printed (its rows may have been cut or elided). */
  unreclaimableSlabPrinted: boolean;  /**
   * Read as two pieces (its header apart from its kill: lines quoted out of order) and joined by
   * their stamps (src/parsers/kernlog/assemble.ts); absent otherwise.
   */
  joinedByStamp?: boolean;
  /**
   * Only show_mem's lines (Mem-Info counters, zone lines, buddy lists) with no header, kill or trace
   * of the OOM killer's, and no SysRq "Show Memory" line before them: read as an OOM report's
   * (src/parsers/kernlog/show-mem.ts says why); absent otherwise.
   */
  showMemOnly?: boolean;
  /** A kill and the zone lines of its dump, quoted apart with prose between, joined (assemble.ts). */
  zonesQuotedApart?: boolean;
}

/** Other kernel-log events that rules use. */
export interface HungTask { time: string | null; comm: string; pid: number | null; seconds: number | null; line: string }

export interface KernlogFacts {
  /** How the lines were stamped: dmesg ([ 12.34 ]), dmesg -T, syslog (kern.log), journal, bare. */
  format: 'dmesg' | 'dmesg-human' | 'syslog' | 'journal' | 'bare';
  lineCount: number;
  oomEvents: OomEvent[];
  hungTasks: HungTask[];
  /** Older events left out to bound memory (streaming keeps the last ones), 0 when all are kept. */
  droppedOomEvents: number;
  droppedHungTasks: number;
  /** The host name of the first kernel line of a syslog or journal file ("web1"), else null. */
  hostname: string | null;
  /** The kernel release: the boot banner ("Linux version 6.1.0-18-amd64") or a dump's "Pid:" line. */
  kernelRelease: string | null;
}
