// OOM classification: each event's constraint (global, memcg, cpuset, mempolicy) and cause, with why.
import type { OomCause, OomConstraint, OomEvent } from '../parsers/kernlog-types.js';
import {
  buddyOf, eligibleZones, allUnreclaimable, gfpBits, hugePagesOf, isHighMem, lineWith, lowmemReserveFor, mayUseHighMem,
  memInfoKb, pageKb, ramKb, watermarkOk, zoneEvidenceText,
} from '../facts/oom.js';
import { memcgSlab } from '../facts/memcg-slab.js';
import { formatKb, formatPct } from '../format/numbers.js';
import { accountedVerdict } from './oom-accounted.js';
import { lowmemFromFreeVerdict, type FreeFigures } from './oom-lowmem-free.js';
import { lowmemHighFreeVerdict } from './oom-lowmem-highfree.js';
import { scoreAloneVerdict } from './oom-score-alone.js';
import { heldOutsideVerdict, roomLeftVerdict, showMemConstraintWhy } from './oom-show-mem.js';
import { anonVictim, sizedVictimVerdict, VICTIM_RAM_SHARE } from './oom-sized-victim.js';
import { evidenceFrom, type Ev, type Verdict } from './oom-verdict.js';
import type { ClassifiedOomEvent, Evidence } from './types.js';

/** Share of RAM above which one kind of memory is said to have filled it. */
const DOMINANT_SHARE = 0.3;
const ANON_SHARE = 0.4;
/** Share of RAM the unreclaimable slab must hold for the kernel's slab table to name the cause. */
const SLAB_TABLE_SHARE = 0.15;


function constraintOf(event: OomEvent, ev: Ev): { constraint: OomConstraint | null; inferred: boolean; why: Evidence } {
  switch (event.constraintSource) {
    case 'printed': {
      const line = lineWith(event, /constraint=CONSTRAINT_/);
      return { constraint: event.constraint, inferred: false, why: ev(line ?? `constraint=${event.constraint}`, [/CONSTRAINT_\w+/.exec(line ?? '')?.[0] ?? '']) };
    }
    case 'memcg-marker': {
      // Kernels before 4.19 print no constraint: "Memory cgroup out of memory", "Task in /x killed
      // as a result of limit of /x", a memcg usage line or mem_cgroup_* frames say it was a cgroup's.
      const line = lineWith(event, /Memory cgroup out of memory|as a result of limit of|memory: usage \d+kB, limit \d+kB/);
      // The charge or OOM function that called out_of_memory first (try_charge_memcg of 6.x), not a
      // helper the unwinder guessed ("? mem_cgroup_iter").
      const frame = event.callTrace.find((f) => /mem_cgroup|memcg/.test(f) && /charge|oom|out_of_memory/.test(f))
        ?? event.callTrace.find((f) => /mem_cgroup|memcg/.test(f));
      // The reader's other memcg sign (src/parsers/kernlog/machine.ts settleSurvivor): 4.19+ panics
      // right after "no killable processes" unless the OOM was a cgroup's, and the log went on.
      if (!line && !frame && event.noKillableProcesses && !event.panic) {
        return {
          constraint: 'memcg', inferred: true,
          why: ev(`"Out of memory and no killable processes..." and the log goes on with no panic: since 4.19 the kernel panics right after that line when the OOM is global, so this OOM was a memory cgroup's, with nothing left in it to kill.`),
        };
      }
      return {
        constraint: 'memcg', inferred: true,
        why: ev(line ?? `No constraint line printed; the call trace goes through ${frame ?? 'the memory cgroup code'}, a memory cgroup's charge or OOM path: inferred memcg.`, ['limit', 'Memory cgroup out of memory', frame ?? '']),
      };
    }
    case 'default-global':
      if (event.showMemOnly) return { constraint: 'global', inferred: true, why: showMemConstraintWhy(ev) };
      return {
        constraint: 'global', inferred: true,
        why: ev('No constraint line was printed (kernels before 4.19 do not) and no memory cgroup marker is present: inferred global.'),
      };
    default:
      // A "page allocation failure" is not an OOM kill: there is no constraint to state.
      return event.constraint
        ? { constraint: event.constraint, inferred: false, why: ev(`constraint=${event.constraint}`) }
        : { constraint: null, inferred: false, why: ev(`A ${event.kind === 'alloc-failure' ? 'page allocation failure' : 'dump'} without an OOM-killer constraint.`) };
  }
}

function lowmemVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const high = event.zones.find((z) => isHighMem(z.name));
  if (!high || mayUseHighMem(event) !== false) return null;
  const order = event.order ?? 0;
  const lows = eligibleZones(event);
  if (lows.length === 0) return null;
  const top = lows[lows.length - 1];
  const starved = lows.every((z) =>
    allUnreclaimable(event, z) === true || !watermarkOk(z, buddyOf(event, z), order, pageKb(event), lowmemReserveFor(event, z, top)));
  if (!starved || high.freeKb <= high.highKb) return null;
  const why: Evidence[] = [];
  const gfp = lineWith(event, 'gfp_mask=');
  if (gfp) why.push(ev(gfp, [`gfp_mask=${event.gfpMask}`, `order=${order}`]));
  why.push(ev(`gfp_mask ${event.gfpMask} has no __GFP_HIGHMEM: the request must come from lowmem (${lows.map((z) => z.name).join(', ')}).`, [event.gfpMask ?? '']));
  for (const z of lows) {
    const marks = [`free:${z.freeKb}kB`, `min:${z.minKb}kB`];
    if (z.slabReclaimableKb) marks.push(`slab_reclaimable:${z.slabReclaimableKb}kB`);
    if (z.presentKb) marks.push(`present:${z.presentKb}kB`);
    if (allUnreclaimable(event, z)) marks.push('all_unreclaimable? yes');
    why.push(ev(zoneEvidenceText(event, z), marks));
  }
  why.push(ev(zoneEvidenceText(event, high), [`${high.name} free:${high.freeKb}kB`]));
  return { cause: 'lowmem', why };
}

const GFP_DMA = 0x01;

/**
 * A request restricted to the DMA zone (__GFP_DMA: an old driver's bounce buffer) when that zone is
 * exhausted and the zones above it have room: the lowmem mechanism on any word size, since no
 * higher zone may serve it.
 */
function dmaZoneVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const bits = gfpBits(event);
  if (bits === null || event.gfpFlags.length > 0 || (bits & GFP_DMA) === 0) return null;
  const lows = eligibleZones(event);
  const others = event.zones.filter((z) => !lows.includes(z) && z.freeKb > z.highKb);
  if (lows.length === 0 || others.length === 0) return null;
  if (!lows.every((z) => z.freeKb < z.minKb || allUnreclaimable(event, z) === true)) return null;
  return {
    cause: 'lowmem',
    why: [
      ev(`gfp_mask ${event.gfpMask} has __GFP_DMA: only ${lows.map((z) => z.name).join(', ')} may serve it, and it is exhausted while ${others.map((z) => `${z.name} has ${formatKb(z.freeKb)} free`).join(', ')}.`, [event.gfpMask ?? '']),
      ...lows.map((z) => ev(zoneEvidenceText(event, z), [`free:${z.freeKb}kB`, `min:${z.minKb}kB`])),
    ],
  };
}

/**
 * An OOM asked for by sysrq-f ("SysRq : Manual OOM execution", the moom_callback work item): an
 * operator's request, not an allocation that failed, whatever the figures show.
 */
function manualVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const line = lineWith(event, /Manual OOM execution|moom_callback/);
  if (!line && !event.callTrace.includes('moom_callback')) return null;
  return {
    cause: 'other',
    why: [ev(`${line ?? 'moom_callback in the call trace'}: the OOM killer was invoked by hand (sysrq-f), not by an allocation that failed.`, ['Manual OOM execution', 'moom_callback'])],
  };
}

// 32-bit kernel addresses in a call trace: "[<c034a094>]" (x86, ARM) - eight hex digits, where a
// 64-bit kernel prints sixteen ("[<ffffffff810b984e>]") or none at all (4.x+ x86_64).
const ADDRESS_32 = /\[<[0-9a-f]{8}>\]/;

/**
 * Lowmem of a 32-bit kernel when the HighMem zone line is not in the excerpt (a mail reply trimmed
 * it): the trace's addresses say 32-bit, the request cannot use HighMem, a zone above the lowmem
 * ones exists (their lowmem_reserve protects it), and every lowmem zone is under its low watermark.
 */
function lowmemTrimmedVerdict(event: OomEvent, ev: Ev): Verdict | null {
  if (event.zones.some((z) => isHighMem(z.name)) || mayUseHighMem(event) !== false) return null;
  const trace = event.text.find((l) => ADDRESS_32.test(l));
  const lows = eligibleZones(event);
  if (!trace || lows.length === 0) return null;
  const above = lows.some((z) => (z.lowmemReservePages ?? []).some((p, i) => i > event.zones.indexOf(z) && p > 0));
  if (!above || !lows.every((z) => z.freeKb < z.lowKb)) return null;
  return {
    cause: 'lowmem',
    why: [
      ev(`A 32-bit kernel (eight-digit addresses in the trace) asked with gfp_mask ${event.gfpMask}, which cannot use HighMem: only ${lows.map((z) => z.name).join(', ')} may serve it, and a zone above them exists (their lowmem_reserve guards it), though its line is not in the excerpt.`, [event.gfpMask ?? '']),
      ev(trace),
      ...lows.map((z) => ev(zoneEvidenceText(event, z), [`free:${z.freeKb}kB`, `low:${z.lowKb}kB`])),
    ],
  };
}

/** HighMem pages the dump counts ("816128 pages HighMem/MovableOnly", "2035202 pages HighMem"). */
function highMemPages(event: OomEvent): number {
  return event.pageCounts['pages HighMem/MovableOnly'] ?? event.pageCounts['pages HighMem'] ?? 0;
}

/**
 * Lowmem of a 32-bit kernel whose free lowmem is CMA: free_cma pages serve only movable requests, so
 * a zone that shows plenty free may hold almost nothing a kernel allocation can take (Raspberry Pi
 * kernels reserve 256-512 MB of CMA in lowmem).
 */
function lowmemCmaVerdict(event: OomEvent, ev: Ev): Verdict | null {
  if (highMemPages(event) === 0 || event.zones.some((z) => /^DMA32$/i.test(z.name)) || mayUseHighMem(event) === true) return null;
  const lows = event.zones.filter((z) => !isHighMem(z.name) && !/^movable$/i.test(z.name));
  const cma = (z: typeof lows[number]): number => z.figures.free_cma ?? 0;
  if (lows.length === 0 || !lows.some((z) => cma(z) > 0) || !lows.every((z) => z.freeKb - cma(z) < z.minKb)) return null;
  return {
    cause: 'lowmem',
    why: [
      ev(`A 32-bit kernel (${highMemPages(event)} pages HighMem): kernel allocations can use only ${lows.map((z) => z.name).join(', ')}, whose free memory is almost all CMA, which only movable pages may take: ${lows.map((z) => `${z.name} ${formatKb(z.freeKb - cma(z))} usable of ${formatKb(z.freeKb)} free, min ${formatKb(z.minKb)}`).join('; ')}.`),
      ...lows.map((z) => ev(zoneEvidenceText(event, z), [`free:${z.freeKb}kB`, `free_cma:${cma(z)}kB`, `min:${z.minKb}kB`])),
    ],
  };
}

/**
 * Most of RAM is page cache (swap cache included) and swap is not exhausted, yet the kernel found
 * nothing to reclaim: reclaim failed (pinned, dirty or unevictable pages, or a reclaim bug), not a
 * kind of memory filling the machine.
 */
function pageCacheVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const ram = ramKb(event);
  const cache = event.pageCounts['total pagecache pages'];
  if (!ram || cache === undefined || Object.keys(event.memInfo).length > 0) return null;
  const kb = cache * pageKb(event);
  if (kb < DOMINANT_SHARE * ram || !event.swap || event.swap.freeKb <= 0) return null;
  const line = lineWith(event, /total pagecache pages/);
  return {
    cause: 'other',
    why: [
      ev(`Page cache (swap cache included) holds ${formatKb(kb)} of ${formatKb(ram)} (${formatPct(kb, ram)}) and swap still has ${formatKb(event.swap.freeKb)} free: reclaimable memory was there and reclaim did not free it.`, [formatPct(kb, ram)]),
      ...(line ? [ev(line)] : []),
    ],
  };
}

/**
 * Kernel slab that is not reclaimable (or, before 2.6.19 split it, all slab) holding a large share
 * of RAM is a leak whatever the zones say: on a 32-bit kernel it starves lowmem, but the lasting
 * cause is the leak, not the kernel's word size.
 */
function slabLeakVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const ram = ramKb(event);
  const pk = pageKb(event);
  const split = memInfoKb(event, pk, 'slab_unreclaimable');
  const kb = split ?? (event.memInfo.slab_reclaimable === undefined ? memInfoKb(event, pk, 'slab') : null);
  if (!ram || kb === null || kb < DOMINANT_SHARE * ram) return slabTableVerdict(event, ev);
  const label = split === null ? 'slab (this kernel does not split reclaimable from unreclaimable)' : 'unreclaimable slab';
  const line = lineWith(event, split === null ? /\bslab:\d+/ : /slab_unreclaimable:\d+/);
  return {
    cause: 'slab_leak',
    why: [
      ev(`${label}: ${formatKb(kb)} of ${formatKb(ram)} of RAM (${formatPct(kb, ram)}): kernel objects hold the memory.`, [formatPct(kb, ram)]),
      ...(line ? [ev(line)] : []),
    ],
  };
}

/**
 * The kernel prints "Unreclaimable slab info:" only when unreclaimable slab outweighs every LRU
 * (user) page (should_dump_unreclaim_slab, 4.15+): the table's presence is the kernel's own word
 * that slab, not user memory, filled the machine.
 */
function slabTableVerdict(event: OomEvent, ev: Ev): Verdict | null {
  if (!event.unreclaimableSlabPrinted) return null;
  // The table says slab outweighs the LRU, not that it filled RAM: with little user memory left,
  // 100 MB of slab on a 2 GB machine prints it too. When the dump measures both, slab must hold a
  // real share of RAM.
  const ram = ramKb(event);
  const slab = memInfoKb(event, pageKb(event), 'slab_unreclaimable');
  if (ram && slab !== null && slab < SLAB_TABLE_SHARE * ram) return null;
  const top = event.unreclaimableSlab[0];
  const header = lineWith(event, 'Unreclaimable slab info:');
  const row = top ? lineWith(event, new RegExp(`^.*\\b${top.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+\\d+KB`)) : null;
  return {
    cause: 'slab_leak',
    why: [
      ev(`The kernel printed its unreclaimable slab table, which it does only when unreclaimable slab exceeds all user (LRU) pages${top ? `; the largest cache is ${top.name} with ${formatKb(top.totalKb)}` : ''}.`, top ? [top.name] : []),
      ...(header ? [ev(header)] : []),
      ...(row ? [ev(row, [top?.name ?? ''])] : []),
    ],
  };
}

/**
 * Nothing in the excerpt measures memory: no Mem-Info, zones, nodes or slab table. A victim too small
 * for victimVerdict (a 1 MB whiptail) says who died, not what filled memory.
 */
function unknownVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const measured = Object.keys(event.memInfo).length > 0 || event.zones.length > 0 || event.nodes.length > 0
    || event.unreclaimableSlabPrinted;
  // Counters without the machine's size (no zone, node or "pages RAM" line: a reporter kept the
  // first Mem-Info line and elided the rest) weigh nothing against anything.
  if (measured && event.zones.length === 0 && event.nodes.length === 0 && !event.unreclaimableSlabPrinted && ramKb(event) === null) {
    return { cause: 'unknown', why: [ev('The excerpt keeps some Mem-Info counters but nothing that gives the machine\'s size (no zone lines, no "pages RAM"): no share of memory can be weighed.')] };
  }
  if (measured) return null;
  const cut = event.headerMissing ? 'the excerpt starts after the dump (only its end is there)' : 'the excerpt stops before the dump\'s figures';
  // The 4.19+ summary line names the victim but gives no size (src/parsers/kernlog/event.ts settleDecision).
  const named = event.killed.find((k) => k.anonRssKb === null && lineWith(event, `task=${k.comm},pid=${k.pid},`));
  const victim = named ? ` The victim, ${named.comm} (pid ${named.pid}), is named only by the oom-kill summary line; the "Killed process" line with its sizes is not in the excerpt.` : '';
  return { cause: 'unknown', why: [ev(`No Mem-Info, zone or victim figures: ${cut}. The cause cannot be read from it.${victim}`)] };
}

function fragmentationVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const order = event.order ?? 0;
  if (order === 0) return null;
  // Enough free pages for an order-0 request, but the order asked for fails the watermark
  // check: the free pages sit in blocks smaller than 2^order.
  const zones = eligibleZones(event).filter((z) => {
    const buddy = buddyOf(event, z);
    return buddy !== undefined && watermarkOk(z, buddy, 0, pageKb(event)) && !watermarkOk(z, buddy, order, pageKb(event));
  });
  if (zones.length === 0) return null;
  const why = zones.map((z) => {
    const buddy = buddyOf(event, z);
    const line = lineWith(event, new RegExp(`\\b${z.name}: \\d+\\*`));
    return ev(line ?? `${z.name}: ${buddy?.freeBlocks.join(' ')}`, [`${buddy?.freeBlocks[order] ?? 0}*${pageKb(event) << order}kB`]);
  });
  why.unshift(ev(`order-${order} request (${pageKb(event) << order} kB contiguous); ${zones.map((z) => `${z.name} has ${formatKb(z.freeKb)} free above min ${formatKb(z.minKb)}`).join(', ')} but too few free blocks of order ${order} or more to pass the watermark check.`));
  return { cause: 'fragmentation', why };
}

/** Minimum anon-rss of a victim for the node-bound reading below. */
const VICTIM_ANON_KB = 64 * 1024;
/** Share of RAM plus swap that a victim's badness score must show for a kill alone to read as anon. */
const VICTIM_SCORE_SHARE = 0.2;
const PER_THOUSAND = /score (\d+) or sacrifice child/;

/**
 * Only the kill lines survived (a grep of syslog, a cut excerpt): the victim's figures say who died,
 * not what filled memory; without the machine's size an anon-rss weighs against nothing (issue 12: a
 * dump too short to tell says unknown rather than guessing). Two things still measure it:
 * - 2.6.36-4.x's "Kill process N (x) score S or sacrifice child": S is the victim's rss, swap and
 *   page tables per thousand of RAM plus swap. A victim whose anon outweighs its file pages and whose
 *   score is a fifth of all memory or more filled it with anonymous memory.
 * - A cpuset or mempolicy OOM (the constraint line): the request could use only the bound nodes and
 *   the victim was chosen among the tasks on them; a victim of GBs of anon, no file pages, is what
 *   filled them.
 */
function victimVerdict(event: OomEvent, ev: Ev, constraint: OomConstraint | null): Verdict | null {
  if (Object.keys(event.memInfo).length > 0 || event.zones.length > 0 || ramKb(event) !== null) return null;
  const v = [...event.killed].sort((a, b) => (b.anonRssKb ?? 0) - (a.anonRssKb ?? 0))[0];
  if (!v || v.anonRssKb === null) return null;
  const line = lineWith(event, new RegExp(`Killed process ${v.pid}\\b`));
  const evidence = line ? [ev(line, [`anon-rss:${v.anonRssKb}kB`])] : [];
  const anonFirst = v.anonRssKb >= (v.fileRssKb ?? 0) + (v.shmemRssKb ?? 0);
  // The score line of the victim itself (a sacrificed child's parent scored, not the child).
  const scoreLine = lineWith(event, new RegExp(`[Kk]ill process ${v.pid} \\(`));
  const score = scoreLine ? PER_THOUSAND.exec(scoreLine) : null;
  if (score && anonFirst && Number(score[1]) >= VICTIM_SCORE_SHARE * 1000) {
    return {
      cause: 'anon',
      why: [ev(`Only the kill lines are in the excerpt, but the badness score measures the victim: ${v.comm} (pid ${v.pid}) scored ${score[1]}, i.e. ${(Number(score[1]) / 10).toFixed(1)}% of RAM plus swap, and held ${formatKb(v.anonRssKb)} of anonymous memory against ${formatKb(v.fileRssKb ?? 0)} of file pages: one program's anonymous memory filled the machine.`, [`score ${score[1]}`]),
        ...(scoreLine ? [ev(scoreLine)] : []), ...evidence],
    };
  }
  const chooser = score ? null : otherChooser(event, v);
  if (chooser && anonFirst && v.anonRssKb >= VICTIM_ANON_KB) {
    return {
      cause: 'anon',
      why: [ev(`Only the kill lines are in the excerpt. The OOM killer chose ${chooser.comm} (pid ${chooser.pid}), scoring ${chooser.score}, i.e. ${(chooser.score / 10).toFixed(1)}% of RAM plus swap, and killed ${v.comm} (pid ${v.pid}): since 3.14 a chosen thread's kill names the first thread of its process with memory (the same memory, under the process's name), else a child was sacrificed for it. Either way the task killed held ${formatKb(v.anonRssKb)} of anonymous memory against ${formatKb(v.fileRssKb ?? 0)} of file pages, beside a choice holding most of all memory: anonymous memory filled the machine.`, [`score ${chooser.score}`]),
        ev(chooser.line), ...evidence],
    };
  }
  if ((constraint === 'cpuset' || constraint === 'mempolicy') && anonFirst && v.anonRssKb >= VICTIM_ANON_KB) {
    return {
      cause: 'anon',
      why: [ev(`Only the kill lines are in the excerpt of a ${constraint} OOM: the request could use only the bound nodes and the victim ${v.comm} (pid ${v.pid}), chosen among the tasks on them, held ${formatKb(v.anonRssKb)} of anonymous memory against ${formatKb(v.fileRssKb ?? 0)} of file pages: anonymous memory filled the nodes.`), ...evidence],
    };
  }
  return {
    cause: 'unknown',
    why: [ev(`Only the kill lines are in the excerpt: the victim ${v.comm} (pid ${v.pid}) held ${formatKb(v.anonRssKb)} of anonymous memory${score ? ` (score ${score[1]}, ${(Number(score[1]) / 10).toFixed(1)}% of RAM plus swap)` : ''}, but nothing gives the machine's size or what else held memory (no Mem-Info, zone or "pages RAM" line), so the cause cannot be read. The dump's Mem-Info block (the lines before the kill in the same log) would tell it.`), ...evidence],
  };
}

/** Per thousand a task other than the victim must score for its score to weigh the kill (most of all memory). */
const CHOOSER_SCORE = 500;

/**
 * The score line of another task right before the kill ("Kill process 16959 (AsyncBlockInput) score
 * 947 or sacrifice child", then "Killed process 19079 (clickhouse-serv)"): mm/oom_kill.c prints the
 * chosen task, then kills find_lock_task_mm() of it (since 3.14 the first thread of its process that
 * has an mm: a chosen thread is killed under its process's pid and name) or a child with an mm of its
 * own. Counted only when the choice held most of all memory.
 */
function otherChooser(event: OomEvent, v: { pid: number }): { pid: number; comm: string; score: number; line: string } | null {
  const line = event.text.find((l) => /[Kk]ill process \d+ \(/.test(l) && PER_THOUSAND.test(l));
  const m = line ? /[Kk]ill process (\d+) \((.*?)\) score (\d+) or sacrifice child/.exec(line) : null;
  if (!line || !m || Number(m[1]) === v.pid || event.killed.length !== 1 || Number(m[3]) < CHOOSER_SCORE) return null;
  return { pid: Number(m[1]), comm: m[2], score: Number(m[3]), line };
}

/**
 * Only the task list measures memory (a header trimmed to "invoked oom-killer", a kill line without
 * figures): its largest task's resident set (anon, file and shmem pages together) is the evidence.
 */
function taskListVerdict(event: OomEvent, ev: Ev): Verdict | null {
  if (Object.keys(event.memInfo).length > 0 || event.zones.length > 0 || event.killed.some((k) => k.anonRssKb !== null)) return null;
  const top = [...event.tasks].sort((a, b) => (b.rssPages ?? 0) - (a.rssPages ?? 0))[0];
  const kb = (top?.rssPages ?? 0) * pageKb(event);
  if (!top || kb < VICTIM_ANON_KB) return null;
  const line = lineWith(event, new RegExp(`\\b${top.pid}\\b.*\\s${top.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  return {
    cause: 'anon',
    why: [
      ev(`Only the task list measures memory: ${top.name} (pid ${top.pid}) holds ${formatKb(kb)} resident, a program's own memory.`),
      ...(line ? [ev(line, [top.name])] : []),
    ],
  };
}

/** Anonymous pages summed over the zone lines, when the global counters were cut from the excerpt. */
function zoneAnonKb(event: OomEvent): number | null {
  const zones = event.zones.filter((z) => z.activeAnonKb !== null || z.inactiveAnonKb !== null);
  return zones.length === 0 ? null : zones.reduce((a, z) => a + (z.activeAnonKb ?? 0) + (z.inactiveAnonKb ?? 0), 0);
}

/**
 * Kernels before 2.6.28 count the LRU as "Active:/inactive:" without telling anon from file. With
 * swap absent or exhausted, the page cache (when counted) taken away and nothing dirty, what stays
 * on an LRU that reclaim gave up on (every zone all_unreclaimable) is anonymous memory.
 */
function oldLruAnonKb(event: OomEvent): number | null {
  const mi = event.memInfo;
  if (mi.active_anon !== undefined || mi.active === undefined || mi.inactive === undefined) return null;
  const swapGone = !event.swap || event.swap.totalKb === 0 || event.swap.freeKb < 0.05 * event.swap.totalKb;
  if (!swapGone || (mi.dirty ?? 0) + (mi.writeback ?? 0) > 0.05 * (mi.active + mi.inactive)) return null;
  const cache = event.pageCounts['total pagecache pages'];
  if (cache === undefined && !(event.zones.length > 0 && event.zones.every((z) => allUnreclaimable(event, z) === true))) return null;
  return (mi.active + mi.inactive - (cache ?? 0)) * pageKb(event);
}

/** mlocked memory (the unevictable LRU, 2.6.28+) that is not shmem: a program pinned its own pages. */
function mlockedAnonKb(event: OomEvent): number | null {
  const pk = pageKb(event);
  const unevictable = memInfoKb(event, pk, 'unevictable');
  return unevictable === null ? null : unevictable - (memInfoKb(event, pk, 'shmem') ?? 0);
}

/**
 * An order-0 OOM although an eligible zone's free pages are above its min watermark, and the buddy
 * lists mark free blocks H: those pages sit in the high-order atomic reserve (4.4+), which an
 * ordinary allocation may not take. The OOM is premature, whatever share anon holds: the memory
 * was not exhausted by any kind of page, a reserve kept it back. Other.
 */
function highAtomicVerdict(event: OomEvent, ev: Ev): Verdict | null {
  if (event.order !== 0) return null;
  const held = eligibleZones(event).flatMap((z) => {
    const line = lineWith(event, new RegExp(`\\b${z.name}: .*\\d+\\*\\d+kB \\([UMERC]*H[UMERC]*\\)`));
    return line && watermarkOk(z, buddyOf(event, z), 0, pageKb(event)) ? [{ z, line }] : [];
  });
  if (held.length === 0) return null;
  return {
    cause: 'other',
    why: [
      ev(`An order-0 request failed although ${held.map(({ z }) => `${z.name} has ${formatKb(z.freeKb)} free above min ${formatKb(z.minKb)}`).join(', ')}: free blocks marked H belong to the high-order atomic reserve, which this allocation may not use. A premature OOM, not memory exhausted by one kind of page.`),
      ...held.map(({ line }) => ev(line, ['H)'])),
    ],
  };
}

function shareVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const ram = ramKb(event);
  if (!ram) return null;
  const hp = hugePagesOf(event);
  const pk = pageKb(event);
  const candidates: Array<{ cause: OomCause; kb: number | null; share: number; label: string; line: RegExp }> = [
    { cause: 'hugepages', kb: hp?.totalKb ?? null, share: DOMINANT_SHARE, label: 'huge pages reserved', line: /hugepages_total=/ },
    { cause: 'slab_leak', kb: memInfoKb(event, pk, 'slab_unreclaimable'), share: DOMINANT_SHARE, label: 'unreclaimable slab', line: /slab_unreclaimable:/ },
    { cause: 'shmem', kb: memInfoKb(event, pk, 'shmem'), share: DOMINANT_SHARE, label: 'shmem/tmpfs', line: /\bshmem:\d+ / },
    { cause: 'anon', kb: memInfoKb(event, pk, 'active_anon', 'inactive_anon', 'isolated_anon') ?? zoneAnonKb(event), share: ANON_SHARE, label: 'anonymous memory', line: /active_anon:/ },
    { cause: 'anon', kb: oldLruAnonKb(event), share: ANON_SHARE, label: 'LRU pages with swap gone and no page cache to speak of (this kernel does not split anon from file): anonymous memory', line: /Active:\d+/ },
    { cause: 'anon', kb: mlockedAnonKb(event), share: ANON_SHARE, label: 'mlocked (unevictable, not shmem) memory: a program pinned its own pages, swap cannot take them', line: /unevictable:\d+/ },
  ];
  const hit = candidates.find((c) => c.kb !== null && c.kb >= c.share * ram);
  if (!hit || hit.kb === null) return null;
  const line = lineWith(event, hit.line);
  return {
    cause: hit.cause,
    why: [
      ev(`${hit.label}: ${formatKb(hit.kb)} of ${formatKb(ram)} (${formatPct(hit.kb, ram)}).`, [formatPct(hit.kb, ram)]),
      ...(line ? [ev(line)] : []),
    ],
  };
}

/** Share of its limit below which a memory cgroup is said not to have reached it. */
const MEMCG_FULL = 0.9;

/**
 * The cgroup's counters, printed in the dump, far below their limits (memory, and memory+swap when
 * printed): the limit did not fill. 3.10's page-fault path turned an earlier failed charge into a
 * memcg OOM after the fact (pagefault_out_of_memory -> mem_cgroup_oom_synchronize).
 */
function memcgBelowLimit(event: OomEvent, ev: Ev): Verdict | null {
  const counters = ['memory', 'memory+swap'].map((n) => event.memcgCounters[n]).filter((c) => c !== undefined);
  if (counters.length === 0) return null;
  const below = counters.every((c) => c.usageKb !== null && c.limitKb !== null && c.limitKb > 0 && c.usageKb < MEMCG_FULL * c.limitKb);
  if (!below) return null;
  const mem = event.memcgCounters.memory ?? counters[0];
  const line = lineWith(event, /memory: usage \d+kB, limit \d+kB/);
  return {
    cause: 'other',
    why: [
      ev(`A memory-cgroup OOM, but the cgroup was far from its limit: usage ${formatKb(mem.usageKb ?? 0)} of ${formatKb(mem.limitKb ?? 0)} (${formatPct(mem.usageKb ?? 0, mem.limitKb ?? 1)}). The limit did not fill: something else failed the charge or the fault.`),
      ...(line ? [ev(line, [`usage ${mem.usageKb}kB`, `limit ${mem.limitKb}kB`])] : []),
    ],
  };
}

function memcgVerdict(event: OomEvent, ev: Ev): Verdict {
  const below = memcgBelowLimit(event, ev);
  if (below) return below;
  const usage = event.memcgCounters.memory ?? event.memcgUsage;
  const line = lineWith(event, /memory: usage \d+kB, limit \d+kB/);
  const name = event.memcg ?? event.taskMemcg;
  const limit = usage?.limitKb ? ` of ${formatKb(usage.limitKb)}` : '';
  const usageEvidence = line ? [ev(line, [`usage ${usage?.usageKb}kB`, `limit ${usage?.limitKb}kB`])] : [];
  const slab = memcgSlab(event);
  if (slab?.dominant) {
    // Not the cgroup's own pages: kernel objects it holds, which reclaim cannot give back.
    const anon = slab.anonKb === null ? '' : ` against ${formatKb(slab.anonKb)} of its anonymous memory`;
    const caller = slab.caller ? `; the allocation that met the limit came from ${slab.caller}` : '';
    return {
      cause: 'slab_leak',
      why: [
        ev(`The memory cgroup ${name ?? '(not named in the dump)'} reached its limit${limit} filled by ${slab.label} that reclaim could not free: ${formatKb(slab.kb)} (${formatPct(slab.kb, slab.limitKb)} of the limit)${anon}${caller}.`, [name ?? '', slab.caller ?? '']),
        ev(slab.line, [slab.highlight]),
        ...usageEvidence,
      ],
    };
  }
  return {
    cause: 'memcg_limit',
    why: [
      ev(`The memory cgroup ${name ?? '(not named in the dump)'} reached its limit${limit}: the OOM was the cgroup's, not the host's.`, name ? [name] : []),
      ...usageEvidence,
    ],
  };
}

/** What the rest of the input tells about the machine (a paste's `free`, uname's word size). */
export interface OomContext {
  free?: FreeFigures | null;
  bits?: 32 | 64 | null;
}

/** Classify one event; `source` is the id it was read from (dmesg, kern-log), for evidence. */
export function classifyOom(event: OomEvent, source = 'kernel log', context: OomContext = {}): ClassifiedOomEvent {
  const ev = evidenceFrom(source);
  const c = constraintOf(event, ev);
  const verdict: Verdict =
    manualVerdict(event, ev) ??
    (c.constraint === 'memcg' ? memcgVerdict(event, ev) : null) ??
    roomLeftVerdict(event, ev) ??
    slabLeakVerdict(event, ev) ??
    lowmemVerdict(event, ev) ??
    dmaZoneVerdict(event, ev) ??
    lowmemTrimmedVerdict(event, ev) ??
    lowmemCmaVerdict(event, ev) ??
    lowmemHighFreeVerdict(event, ev) ??
    lowmemFromFreeVerdict(event, ev, context.free ?? null, context.bits ?? null) ??
    fragmentationVerdict(event, ev) ??
    highAtomicVerdict(event, ev) ??
    shareVerdict(event, ev) ??
    accountedVerdict(event, ev) ??
    sizedVictimVerdict(event, ev) ??
    victimVerdict(event, ev, c.constraint) ??
    scoreAloneVerdict(event, ev, c.constraint) ??
    taskListVerdict(event, ev) ??
    pageCacheVerdict(event, ev) ??
    unknownVerdict(event, ev) ??
    heldOutsideVerdict(event, ev) ?? { cause: 'other', why: [ev('No single kind of memory dominates the dump and no zone or order explains the failure.')] };
  const apart = event.zonesQuotedApart
    ? [ev('The kill and the zone lines of this dump were quoted apart, with the writer\'s prose between them and no header or stamp: read as one OOM, the zone lines being the kill\'s own dump (no other dump is in the text).')]
    : [];
  const joined = event.joinedByStamp
    ? [ev(`The dump's lines came apart in the text (its header apart from its kill, as quoted out of order); they were joined as one OOM because the header is stamped first and the kill within a second of it, one burst of the kernel's.`)]
    : [];
  return { ...event, constraint: c.constraint, cause: verdict.cause, constraintInferred: c.inferred, why: [c.why, ...joined, ...apart, ...verdict.why] };
}

/**
 * A kill alone read unknown for want of the machine's size, when another dump of the same log (the
 * same machine) gives that size: the victim's anon-rss is weighed against it.
 */
function sizedByNeighbour(c: ClassifiedOomEvent, all: ClassifiedOomEvent[], sources: string[], i: number): ClassifiedOomEvent | null {
  if (c.cause !== 'unknown' || c.constraint !== 'global' || Object.keys(c.memInfo).length > 0 || c.zones.length > 0) return null;
  const v = anonVictim(c.killed);
  if (!v) return null;
  const other = all.find((o, j) => j !== i && sources[j] === sources[i] && ramKb(o) !== null);
  const ram = other ? ramKb(other) : null;
  if (!ram || v.anonRssKb < VICTIM_RAM_SHARE * ram) return null;
  const ev = evidenceFrom(sources[i]);
  return {
    ...c,
    cause: 'anon',
    why: [
      c.why[0],
      ev(`Only the kill lines of this OOM are in the log, but another dump of the same log gives the machine's size, ${formatKb(ram)}: the victim ${v.comm} (pid ${v.pid}) held ${formatKb(v.anonRssKb)} of anonymous memory (${formatPct(v.anonRssKb, ram)}).`, [formatPct(v.anonRssKb, ram)]),
    ],
  };
}

/**
 * Classify every event of a log. A kill whose dump was cut off (the excerpt starts inside it: no
 * zones, no counters) takes the cause of the next full dump of the same second and source, and
 * says so: the kernel kills in a loop while the same shortage lasts.
 */
export function classifyAll(events: OomEvent[], sources: string[], context: OomContext = {}): ClassifiedOomEvent[] {
  const classified = events.map((e, i) => classifyOom(e, sources[i], context));
  return classified.map((c, i) => {
    const sized = sizedByNeighbour(c, classified, sources, i);
    if (sized) return sized;
    if (!c.headerMissing || c.zones.length > 0 || c.time === null) return c;
    const sibling = classified.find((o, j) => j !== i && !o.headerMissing && o.time === c.time && sources[j] === sources[i]);
    if (!sibling) return c;
    const ev = evidenceFrom(sources[i]);
    return {
      ...c,
      cause: sibling.cause,
      why: [
        c.why[0],
        ev(`The dump of this kill is cut off; it happened at ${c.time}, the same second as the dump of ${sibling.trigger?.comm ?? 'the next event'} (cause ${sibling.cause}): the same shortage.`, [c.time]),
      ],
    };
  });
}
