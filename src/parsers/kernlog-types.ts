// The OOM event: one OOM-killer dump, a kernel panic on OOM, or a "page allocation failure".
// Its contract fields (DESIGN.md, analysis JSON) come first; the rest may grow.

export type OomConstraint = 'global' | 'memcg' | 'cpuset' | 'mempolicy';
export type OomCause =
  | 'anon' | 'lowmem' | 'fragmentation' | 'shmem' | 'slab_leak' | 'hugepages' | 'memcg_limit' | 'other';

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
  /** 1-based line numbers of the event in the log text. */
  lines: { first: number; last: number };
  /** The event's raw lines with the syslog/dmesg prefix kept, capped, for evidence. */
  text: string[];
}

/** Other kernel-log events that rules use. */
export interface HungTask { time: string | null; comm: string; pid: number | null; seconds: number | null; line: string }

export interface KernlogFacts {
  /** How the lines were stamped: dmesg ([ 12.34 ]), dmesg -T, syslog (kern.log), journal, bare. */
  format: 'dmesg' | 'dmesg-human' | 'syslog' | 'journal' | 'bare';
  lineCount: number;
  oomEvents: OomEvent[];
  hungTasks: HungTask[];
}
