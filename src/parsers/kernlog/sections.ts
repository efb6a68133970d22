// Reads one line of a dump's body (Mem-Info, buddy, swap, tasks, memcg block, stack) into the event.
import type { MemcgStats, OomEvent } from '../kernlog-types.js';
import { parseBuddyLine } from './buddy.js';
import { parseMemcgCounter, parseStatLine, parseStatsHeader, parseTaskIn } from './memcg.js';
import { parseHugepages, parsePageCount, parseSwapLine } from './summary.js';
import { bareTaskColumns, parseTaskHeader, parseTaskRow } from './tasks.js';
import { meminfoCounterLine } from './show-mem.js';
import { parseFrame, parsePidLine } from './trigger.js';
import { parseCounters, parseLowmemReserve, parseNodeLine, parseZoneLine } from './zones.js';

export const MAX_TASKS = 2000;
const MAX_FRAMES = 64;
const MEMCG_FRAMES = new Set(['mem_cgroup_out_of_memory', 'mem_cgroup_oom_synchronize']);
// The caller of out_of_memory tells whose OOM it is: the page allocator's (__alloc_pages_may_oom),
// a fault's (pagefault_out_of_memory), sysrq's (moom_callback), or a memory cgroup's charge. Since
// 4.6 mem_cgroup_out_of_memory calls out_of_memory, and newer compilers inline it with mem_cgroup_oom:
// a 6.6 trace reads out_of_memory <- try_charge_memcg <- charge_memcg <- __mem_cgroup_charge. Charge
// functions by version (mm/memcontrol.c): mem_cgroup_try_charge/try_charge (3.17-5.13),
// mem_cgroup_charge (5.8+), try_charge_memcg and charge_memcg (5.14+), __mem_cgroup_charge (5.16+),
// obj_cgroup_charge* and __memcg_kmem_charge* (kernel memory, 5.x+). Only the reliable frame right
// below out_of_memory counts: a charge frame further down could be under an allocation of its own.
const MEMCG_CALLER = /^(?:_*mem_cgroup_\w+|try_charge(?:_memcg)?|charge_memcg|obj_cgroup_charge\w*|_*memcg_\w*charge\w*)$/;
// Functions of mm/oom_kill.c that only the OOM killer's path runs: a reliable one on the stack makes
// a dump cut at its top (a paste starting mid-trace) an OOM event, kill or no kill. dump_header and
// oom_kill_process are static there; out_of_memory is called only to kill.
const OOM_FRAMES = new Set(['oom_kill_process', 'out_of_memory', 'dump_header', '__out_of_memory', 'mem_cgroup_out_of_memory']);
// A user page fault's allocations never print an allocation-failure report: an order-0 fault
// allocation loops until it succeeds or ends in the OOM killer (VM_FAULT_OOM ->
// pagefault_out_of_memory), and readahead and THP allocations are __GFP_NOWARN. So a Mem-Info
// printed below a fault's stack, with no warn_alloc frame and not in an interrupt, is an OOM's
// show_mem even when the paste starts below the OOM frames (a MIPS router's squashfs fault).
const FAULT_FRAMES = new Set(['handle_mm_fault', '__handle_mm_fault', 'handle_pte_fault', '__do_page_fault', 'do_page_fault',
  'do_user_addr_fault', 'exc_page_fault']);
// warn_alloc: an allocation failure's report; the rest: interrupt entry and softirq work, which may
// run on top of a fault's stack and allocate with GFP_ATOMIC (irqsave/irqrestore helpers are not).
const NOT_FAULT_OOM = /^(?:warn_alloc(?:_failed)?|do_IRQ|irq_exit(?:_rcu)?|__irq_exit_rcu|(?:__)?do_softirq|handle_\w*irq\w*|gic_handle_irq|(?:asm_)?common_interrupt|net_rx_action|\w*napi_poll|tasklet_\w*action|run_ksoftirqd)$/;
/** A frame's function without the compiler's clone suffixes (.isra.0, .part.1, .constprop.2, .cold). */
const baseName = (name: string): string => name.replace(/\.(?:part|isra|constprop|cold)(?:\.\d+)*$/, '');

/** Where the reader is inside one dump: what the next line may continue. */
export interface SectionState {
  inMemInfo: boolean;
  taskColumns: string[] | null;
  stats: MemcgStats | null;
  memcgMarker: boolean;
  /** The text of the zone line just read: a mailer or a blogger may have wrapped it. */
  zoneText: string | null;
  /** The start of a buddy list cut by a wrap, waiting for its rest. */
  buddyText?: string | null;
  /** Inside the "Unreclaimable slab info:" table. */
  inSlabInfo: boolean;
  /** A line only the OOM killer prints (task list, memcg block): a cut dump is still an OOM event. */
  oomOnly: boolean;
  /** A reliable check_panic_on_oom frame: the dump is printed on the way to panic(). */
  panicFrame: boolean;
  /** A reliable panic() frame: the frames below it are a panic's stack, not a dump's. */
  panicStack?: boolean;
  /** The last reliable frame read was out_of_memory: the next reliable one is its caller. */
  oomCaller?: boolean;
  /** A reliable frame of a user page fault (handle_mm_fault, do_page_fault…) on the stack. */
  faultStack?: boolean;
  /** The stack ran in an interrupt or is an allocation failure's (warn_alloc): no fault's OOM. */
  notFaultOom?: boolean;
}

export function newSectionState(): SectionState {
  return { inMemInfo: false, taskColumns: null, stats: null, memcgMarker: false, zoneText: null, inSlabInfo: false, oomOnly: false, panicFrame: false };
}

// Lines of a dump that carry nothing we keep, but prove the dump goes on (a cut log may start here).
const NOISE = [
  /^Mem-[Ii]nfo:$/, /^(?:Node \d+ )?\w+ per-cpu:$/, /^CPU\s+\d+: hi:/, /^Swap cache stats:/,
  // 2.6.18: "Swap cache: add 3043093, delete …", and an empty zone's buddy line "Normal: empty".
  /^Swap cache: add \d+/, /^(?:Node \d+ )?(?:DMA32|DMA|Normal|HighMem|Movable): empty$/,
  /^Tasks state \(memory values in pages\):$/, /^\S+ cpuset=\S* mems_allowed=/, /^Hardware name: /,
  // dump_stack_print_info (3.14+) names the workqueue a kworker was running, below Hardware name.
  /^Workqueue: \S+ \S+/,
  /^Call Trace:$/, /^<\/?(?:TASK|IRQ)>$/, /^Memory cgroup out of memory/,
  // show_mem of 6.x: "Memory cgroup min protection 0kB -- low protection 0kB".
  /^Memory cgroup min protection \d+kB -- low protection \d+kB$/,
];

// A buddy list a writer's editor or a mailer wrapped: its start ("HighMem: 134889*4kB 27382*8kB"),
// then pieces of blocks ("122*32kB 95*64kB … 0*4096kB =") and the total ("807796kB") on lines of
// their own, joined until the whole line reads.
const BUDDY_START = /^(?:Node \d+ )?(?:DMA32|DMA|Normal|HighMem|Movable|Device): \d+\*\d+kB/;
const BUDDY_PIECE = /^(?:\d+\*\d+kB(?: \([A-Z]+\))? ?)*(?:= ?)?(?:\d+kB)?$/;
const MAX_BUDDY_PIECES = 4;

function readWrappedBuddy(ev: OomEvent, st: SectionState, body: string): boolean {
  if (st.buddyText !== undefined && st.buddyText !== null && body !== '' && BUDDY_PIECE.test(body)) {
    const text = `${st.buddyText} ${body}`;
    const whole = parseBuddyLine(text);
    if (whole) {
      ev.buddy.push(whole);
      st.buddyText = null;
    } else {
      st.buddyText = text.split(' ').length < 64 * MAX_BUDDY_PIECES ? text : null;
    }
    return true;
  }
  st.buddyText = BUDDY_START.test(body) ? body : null;
  return st.buddyText !== null;
}

/** Read a dump line into `ev`; false when the line is none of the dump's sections. */
export function readSection(ev: OomEvent, st: SectionState, body: string): boolean {
  if (st.stats) {
    const stat = parseStatLine(body);
    if (stat) {
      st.stats.values[stat[0]] = stat[1];
      return true;
    }
    st.stats = null;
  }
  if (st.taskColumns) {
    const row = parseTaskRow(body, st.taskColumns);
    if (row) {
      if (ev.tasks.length < MAX_TASKS) ev.tasks.push(row);
      else ev.tasksOmitted++;
      return true;
    }
  }
  return readSlabInfo(ev, st, body) || readMemInfo(ev, st, body) || readMemcg(ev, st, body) || readHeaderLines(ev, st, body);
}

// 4.15+ (dump_unreclaimable_slab), printed when unreclaimable slab exceeds the LRU pages:
//   Unreclaimable slab info:
//   Name                      Used          Total
//   btrfs_extent_map     3207098KB    3375622KB
const SLAB_ROW = /^(\S+)\s+(\d+)KB\s+(\d+)KB\s*$/;
const MAX_SLAB_ROWS = 200;

function readSlabInfo(ev: OomEvent, st: SectionState, body: string): boolean {
  if (body === 'Unreclaimable slab info:') {
    ev.unreclaimableSlabPrinted = true;
    st.inSlabInfo = true;
    return true;
  }
  if (!st.inSlabInfo) return false;
  if (/^Name\s+Used\s+Total\s*$/.test(body)) return true;
  const m = SLAB_ROW.exec(body);
  if (!m) {
    st.inSlabInfo = false;
    return false;
  }
  if (ev.unreclaimableSlab.length < MAX_SLAB_ROWS) ev.unreclaimableSlab.push({ name: m[1], usedKb: Number(m[2]), totalKb: Number(m[3]) });
  ev.unreclaimableSlab.sort((a, b) => b.totalKb - a.totalKb);
  return true;
}

// The rest of a zone line wrapped by a mailer, a wiki or a blog: figures only, no zone name
// ("present:16256kB pages_scanned:1370 all_unreclaimable? yes", "active_anon:2643608kB(2.5G) …").
const ZONE_REST = /^[a-z_()]+:\s?\d+kB/;

function readMemInfo(ev: OomEvent, st: SectionState, body: string): boolean {
  const zoneText = st.zoneText;
  st.zoneText = null;
  if (body === 'Mem-Info:' || body === 'Mem-info:') {
    st.inMemInfo = true;
    if (st.faultStack && !st.notFaultOom) st.oomOnly = true;
  }
  const zone = parseZoneLine(body);
  if (zone) {
    st.zoneText = body;
    return Boolean(ev.zones.push(zone));
  }
  if (zoneText !== null && (ZONE_REST.test(body) || /^pages_scanned:\d+|^all_unreclaimable\?/.test(body))) {
    const whole = parseZoneLine(`${zoneText} ${body}`);
    if (whole) {
      ev.zones[ev.zones.length - 1] = whole;
      st.zoneText = `${zoneText} ${body}`;
      return true;
    }
  }
  const reserve = parseLowmemReserve(body);
  if (reserve) {
    const last = ev.zones[ev.zones.length - 1];
    if (last && last.lowmemReservePages === null) last.lowmemReservePages = reserve;
    return true;
  }
  const node = parseNodeLine(body);
  if (node) return Boolean(ev.nodes.push(node));
  const buddy = parseBuddyLine(body);
  if (buddy) return Boolean(ev.buddy.push(buddy));
  if (readWrappedBuddy(ev, st, body)) return true;
  const huge = parseHugepages(body);
  if (huge) return Boolean(ev.hugepages.push(huge));
  const swap = parseSwapLine(body);
  if (swap) {
    ev.swap = { freeKb: ev.swap?.freeKb ?? 0, totalKb: ev.swap?.totalKb ?? 0, [swap.which]: swap.kb };
    return true;
  }
  const pages = parsePageCount(body);
  if (pages) {
    ev.pageCounts[pages.name] = pages.value;
    return true;
  }
  // Global counters come right after "Mem-Info:" only; elsewhere "x:1" is someone else's text.
  // A blogger may have cut "Mem-Info:" away: the counter line that names active_anon is still one.
  // So may every counter line of a dump cut inside Mem-Info, if nothing else was read yet and each
  // name on it is one Mem-Info prints (show-mem.ts).
  const counters = (st.inMemInfo || /^active_anon:\d/i.test(body) || nothingRead(ev)) && ev.zones.length === 0 ? parseCounters(body) : null;
  if (counters && !st.inMemInfo && !/^active_anon:\d/i.test(body) && !meminfoCounterLine(counters)) return false;
  if (counters) {
    st.inMemInfo = true;
    return Boolean(Object.assign(ev.memInfo, counters));
  }
  return false;
}

function readMemcg(ev: OomEvent, st: SectionState, body: string): boolean {
  const taskIn = parseTaskIn(body);
  if (taskIn) {
    ev.memcg ??= taskIn.memcg;
    ev.taskMemcg ??= taskIn.taskMemcg;
    st.memcgMarker = true;
    st.oomOnly = true;
    return true;
  }
  const counter = parseMemcgCounter(body);
  if (counter) {
    ev.memcgCounters[counter.name] = counter.counter;
    st.memcgMarker = true;
    return true;
  }
  const stats = parseStatsHeader(body);
  if (stats) {
    ev.memcgStats.push(stats);
    if (!stats.kbSuffix) st.stats = stats;
    st.memcgMarker = true;
    st.oomOnly = true;
    return true;
  }
  return false;
}

function readHeaderLines(ev: OomEvent, st: SectionState, body: string): boolean {
  // Task rows whose header was cut away: only dump_tasks prints rows of this shape.
  const bare = st.taskColumns === null ? bareTaskColumns(body) : null;
  if (bare) {
    st.taskColumns = bare;
    st.oomOnly = true;
    const row = parseTaskRow(body, bare);
    if (row) ev.tasks.push(row);
    return true;
  }
  const columns = parseTaskHeader(body);
  if (columns) {
    st.taskColumns = columns;
    st.oomOnly = true;
    return true;
  }
  if (body.startsWith('Tasks state (memory values in pages)')) st.oomOnly = true;
  if (body === '<IRQ>') st.notFaultOom = true;
  if (NOISE.some((re) => re.test(body))) return true;
  if (st.inMemInfo) return false;
  const pid = parsePidLine(body);
  if (pid) {
    ev.kernelRelease ??= pid.release;
    // A panic's own stack dump follows "Kernel panic - not syncing": it runs in the task that was
    // allocating, so a cut log that starts at the panic still names the requester.
    if (ev.headerMissing && ev.panic && ev.trigger === null) {
      ev.trigger = { comm: pid.comm, pid: pid.pid };
      return true;
    }
    // A paste that starts at the pid line (below the header): dump_stack prints it first, in the
    // task it runs in, which for an OOM or allocation report is the one that asked for memory.
    if (ev.headerMissing && ev.trigger === null && nothingRead(ev)) {
      ev.trigger = { comm: pid.comm, pid: pid.pid };
      return true;
    }
    // 2.6.1x printed "oom-killer: gfp_mask=…" without the comm: the pid line names the task.
    if (!ev.headerMissing && ev.trigger === null) ev.trigger = { comm: pid.comm, pid: pid.pid };
    else if (ev.trigger && ev.trigger.pid === null) ev.trigger.pid = pid.pid;
    return true;
  }
  const frame = parseFrame(body);
  if (frame) {
    if (ev.callTrace.length < MAX_FRAMES) ev.callTrace.push(frame.name);
    // A memcg OOM is on the stack even when its dump has no memcg block: 3.10's check_panic_on_oom
    // called from mem_cgroup_oom_synchronize prints a global-looking dump, then panics.
    if (frame.reliable && MEMCG_FRAMES.has(frame.name)) st.memcgMarker = true;
    if (frame.reliable && frame.name === 'check_panic_on_oom') st.panicFrame = true;
    // A panic's own stack (a reliable panic frame above out_of_memory) is the tail of a dump that
    // printed "Kernel panic" already, not a dump of its own.
    if (frame.reliable && frame.name === 'panic') st.panicStack = true;
    if (frame.reliable) {
      const name = baseName(frame.name);
      if (st.oomCaller && MEMCG_CALLER.test(name)) st.memcgMarker = true;
      st.oomCaller = name === 'out_of_memory';
      if (!st.panicStack && OOM_FRAMES.has(name)) st.oomOnly = true;
      if (FAULT_FRAMES.has(name)) st.faultStack = true;
      if (!st.notFaultOom && NOT_FAULT_OOM.test(name)) st.notFaultOom = true;
      // Only an allocation failure's report calls warn_alloc from the stack it dumps (the stall
      // warning of 4.9+ does too, but prints no stack without a failure): a paste cut above its
      // header is still one.
      if (ev.headerMissing && nothingButStack(ev) && /^warn_alloc(?:_failed)?$/.test(name)) ev.kind = 'alloc-failure';
    }
    return true;
  }
  return false;
}

/** Only the pid line and frames read so far: a warn_alloc frame there is the report's own. */
function nothingButStack(ev: OomEvent): boolean {
  return ev.zones.length === 0 && ev.tasks.length === 0 && ev.killed.length === 0 && !ev.panic && Object.keys(ev.memInfo).length === 0;
}

/** Nothing of the dump read yet: the line at hand is the first one of a paste cut above it. */
function nothingRead(ev: OomEvent): boolean {
  return ev.callTrace.length === 0 && ev.zones.length === 0 && ev.tasks.length === 0 && ev.killed.length === 0
    && !ev.panic && Object.keys(ev.memInfo).length === 0;
}
