// The kernel-log state machine: fed one line at a time (by parse(text) and by the file stream),
// it cuts the log into OOM events, keeping bounded memory whatever the log's length.
import type { HungTask, KernlogFacts, OomEvent } from '../kernlog-types.js';
import { joinHalves, sameOom } from './assemble.js';
import { emptyEvent, settleConstraint, settleDecision } from './event.js';
import { absorbKill, absorbKillFigures, type Open } from './kill-step.js';
import { isReaperLine, isSysrqOomLine, parseReaped } from './kills.js';
import { JOURNAL_BANNER, stripPrefix, type KernelLine, type LineFormat } from './prefix.js';
import { newSectionState, readSection } from './sections.js';
import { withoutAnsi } from './markup.js';
import { isSysrqShowMemLine, onlyShowMem } from './show-mem.js';
import { parseFrame, parseHeaderRest, parseHungTask, parseTrigger } from './trigger.js';
import { TextKeeper } from './text.js';
import { LineJoiner } from './unwrap.js';

export interface ReaderLimits {
  /** OOM events kept (the last ones); older ones are counted in droppedOomEvents. */
  maxEvents: number;
  maxHungTasks: number;
  /** Characters kept of one line (a log without newlines must not fill memory). */
  maxLineChars: number;
}

export const DEFAULT_LIMITS: ReaderLimits = { maxEvents: 200, maxHungTasks: 200, maxLineChars: 8192 };


// After the kill: the reaper's report, the panic's closing banner, an allocation failure's tail.
const FOLLOW_UP = [/^oom_reaper: /, /^---\[ end Kernel panic/, /^SLUB: Unable to allocate/, /^cache: \S+, object size/,
  /^node \d+: slabs: /, /^Swap cache stats:/, /^Kill process \d+ \(.*\) sharing same memory/];

/** Lines between a sysrq-f line and the dump it asked for, when neither carries a time. */
const SYSRQ_REACH = 3;

interface SysrqLine { raw: string; lineNo: number; time: string | null; uptime: number | null }

/**
 * sysrq-f prints its line and the dump it asks for in the same instant, so the line belongs to a dump
 * that starts within a second of it. Lines are no measure: a paste may have dropped everything
 * between a sysrq line with no dump of its own and a later, unrelated OOM (the sysrq at 283 s and a
 * hald OOM at 575 s of one linux-mm paste). Only a log without any time falls back to line distance.
 */
function sysrqAsked(sysrq: SysrqLine, line: KernelLine, lineNo: number): boolean {
  if (sysrq.uptime !== null && line.uptime !== null) return Math.abs(line.uptime - sysrq.uptime) <= 1;
  if (sysrq.time !== null && line.time !== null) {
    const a = Date.parse(sysrq.time);
    const b = Date.parse(line.time);
    return Number.isNaN(a) || Number.isNaN(b) ? sysrq.time === line.time : Math.abs(b - a) <= 1000;
  }
  return lineNo - sysrq.lineNo <= SYSRQ_REACH;
}

/**
 * A panic the log implies without printing it (the excerpt stops first): "Out of memory and no
 * killable processes..." of a global OOM is followed by panic() (4.19+: "System is deadlocked on
 * memory"; before: the line is the panic's own text), unless the OOM was a cgroup's or sysrq-f's;
 * a dump printed from check_panic_on_oom (a reliable frame) is printed only to panic.
 */
function settlePanic(o: Open): void {
  const ev = o.ev;
  if (ev.panic || ev.kind === 'alloc-failure') return;
  if (ev.noKillableProcesses && ev.constraint !== 'memcg' && !o.sysrq && !o.wentOn) {
    Object.assign(ev, { panic: true, panicReason: 'Out of memory and no killable processes (the panic follows)' });
  } else if (o.st.panicFrame && !o.sysrq) {
    Object.assign(ev, { panic: true, panicReason: 'panic_on_oom (the dump was printed by check_panic_on_oom)' });
  }
}

// What may begin an event whose header is not in the log: a kill, a panic, or a line of a dump.
const MAY_OPEN = /ill|panic|Out of memory|Mem-Info|free:|kB|pages|swap|^\[\s*pid|^Tasks state|^Task in|per-cpu|hugepages|^\[\s*\d+\]\s+\d/;
// The pid line dump_stack prints first (a paste starting just below the header) may begin one too.
const PID_LINE = /^(?:CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: |Pid: \d+, comm: )/;

/** A line a dump cut at its top may start with; a call-trace frame too (a paste starting mid-trace). */
function mayOpen(body: string): boolean {
  if (MAY_OPEN.test(body)) return true;
  if ((body.startsWith('CPU: ') || body.startsWith('Pid: ')) && PID_LINE.test(body)) return true;
  return body.includes('+0x') && parseFrame(body) !== null;
}

/**
 * 4.19+ prints "Out of memory and no killable processes..." for every OOM without a victim and
 * panics right after it only when the OOM was global (mm/oom_kill.c out_of_memory). A log that goes
 * on with another line of the kernel's (the next OOM's header, on an Arch 6.17 journal) shows that no
 * panic came: the OOM was a memory cgroup's (sysrq-f's is told apart by its own line).
 */
/** Printed right after `prev` in the same boot: the uptime does not go back and no reboot's gap lies between. */
function sameBoot(prev: KernelLine | null, line: KernelLine): boolean {
  if (prev?.uptime != null && line.uptime !== null) return line.uptime >= prev.uptime && line.uptime - prev.uptime <= NEXT_LINE_SECONDS;
  if (prev?.time && line.time) {
    const gap = Date.parse(line.time) - Date.parse(prev.time);
    return Number.isNaN(gap) || Math.abs(gap) <= NEXT_LINE_SECONDS * 1000;
  }
  return true;
}
/** Seconds within which the kernel's next line follows a global OOM's "no killable" line (the panic). */
const NEXT_LINE_SECONDS = 5;

function settleSurvivor(o: Open): void {
  const ev = o.ev;
  if (!o.wentOn || !ev.noKillableProcesses || ev.panic || o.sysrq || ev.constraintSource === 'printed') return;
  Object.assign(ev, { constraint: 'memcg', constraintSource: 'memcg-marker' });
}

export class KernlogReader {
  private lineNo = 0;
  private physical = 0;
  private joiner = new LineJoiner();
  private open: Open | null = null;
  private events: OomEvent[] = [];
  private dropped = 0;
  private hung: HungTask[] = [];
  private droppedHung = 0;
  private formats: Record<LineFormat, number> = { dmesg: 0, 'dmesg-human': 0, syslog: 0, journal: 0, bare: 0 };
  private journal = false;
  private hostname: string | null = null;
  private bannerRelease: string | null = null;
  /** A sysrq-f line waiting for the dump it asked for. */
  private sysrq: SysrqLine | null = null;
  /** The kernel line read before the current one. */
  private last: KernelLine | null = null;
  /** A SysRq "Show Memory" line came, and no OOM header since: show_mem's lines are its. */
  private showMemAsked = false;

  constructor(private readonly limits: ReaderLimits = DEFAULT_LIMITS) {}

  push(rawLine: string): void {
    this.physical++;
    const line = withoutAnsi(rawLine);
    const capped = line.length > this.limits.maxLineChars ? line.slice(0, this.limits.maxLineChars) : line;
    for (const l of this.joiner.push(capped.endsWith('\r') ? capped.slice(0, -1) : capped)) this.pushLine(l.text, l.lineNo);
  }

  private pushLine(raw: string, lineNo: number): void {
    this.lineNo = lineNo;
    if (JOURNAL_BANNER.test(raw)) {
      this.journal = true;
      return;
    }
    const line = stripPrefix(raw);
    if (line === null || line.body === '') return;
    this.formats[line.format]++;
    this.hostname ??= line.host ?? null;
    if (this.bannerRelease === null && line.body.startsWith('Linux version ')) {
      this.bannerRelease = /^Linux version (\S+)/.exec(line.body)?.[1] ?? null;
    }
    this.readHung(line, raw);
    this.readLine(line, raw);
  }

  finish(): KernlogFacts {
    for (const l of this.joiner.flush()) this.pushLine(l.text, l.lineNo);
    this.close();
    return {
      format: this.format(), lineCount: this.physical, oomEvents: this.events, hungTasks: this.hung,
      droppedOomEvents: this.dropped, droppedHungTasks: this.droppedHung, hostname: this.hostname,
      kernelRelease: this.bannerRelease ?? this.events.find((e) => e.kernelRelease)?.kernelRelease ?? null,
    };
  }

  private format(): KernlogFacts['format'] {
    const stamped = (['dmesg', 'dmesg-human', 'syslog', 'journal'] as const).filter((f) => this.formats[f] > 0);
    // journalctl -k with nothing to show prints only its banner ("-- No entries --"): an empty
    // journal, not foreign text.
    if (stamped.length === 0) return this.journal ? 'journal' : 'bare';
    const best = stamped.reduce((a, b) => (this.formats[b] > this.formats[a] ? b : a));
    return best === 'syslog' && this.journal ? 'journal' : best;
  }

  private readHung(line: KernelLine, raw: string): void {
    if (!line.body.startsWith('INFO: task ')) return;
    const h = parseHungTask(line.body);
    if (!h) return;
    this.hung.push({ time: line.time, comm: h.comm, pid: h.pid, seconds: h.seconds, line: raw });
    if (this.hung.length > this.limits.maxHungTasks) {
      this.hung.shift();
      this.droppedHung++;
    }
  }

  private readLine(line: KernelLine, raw: string): void {
    // Cheap tests first: most lines of a big log are neither a dump's header nor inside a dump.
    const body = line.body;
    const cur = this.open;
    // Decided by the very next line: the panic, or a line of the kernel's printed in the same boot (a
    // journal keeps nothing after a panic: the next line may be the next boot's). An unstamped line
    // counts only when it is the next OOM's header: a paste's prose ("so we go and panic") does not.
    if (cur && cur.ev.noKillableProcesses && !cur.ev.panic && cur.wentOn === undefined) {
      cur.wentOn = !body.startsWith('Kernel panic') && !body.startsWith('Linux version ') && sameBoot(this.last, line)
        && (line.format !== 'bare' || body.includes(' invoked oom-killer'));
    }
    this.last = line;
    if (isSysrqShowMemLine(body)) {
      this.close();
      this.showMemAsked = true;
      return;
    }
    if (isSysrqOomLine(body)) {
      this.close();
      this.sysrq = { raw, lineNo: this.lineNo, time: line.time, uptime: line.uptime };
      return;
    }
    const trigger = body.includes('oom-killer: ') || body.includes(' invoked oom: ') || body.includes('allocation failure')
      || body.endsWith(' invoked oom-killer') || body.endsWith(' invoked oom-killer:') ? parseTrigger(body) : null;
    if (trigger) {
      this.close();
      this.showMemAsked = false;
      const o = this.start(line);
      o.ev.headerMissing = false;
      o.ev.kind = trigger.kind;
      o.ev.trigger = trigger.comm === null ? null : { comm: trigger.comm, pid: null };
      Object.assign(o.ev, { gfpMask: trigger.gfpMask, gfpFlags: trigger.gfpFlags, order: trigger.order });
      o.weak = false;
      o.text.add(raw, this.lineNo);
      return;
    }
    if (this.open && this.absorb(this.open, line.body)) {
      this.open.text.add(raw, this.lineNo);
      return;
    }
    this.close();
    // A paste may also start inside the call trace, below the OOM frames (a cut MIPS dump).
    if (!mayOpen(body)) return;
    // A dump cut at its top (the log starts inside it) or a kill whose header was rate-limited.
    const o = this.start(line);
    if (this.absorb(o, line.body)) o.text.add(raw, this.lineNo);
    else this.open = null;
  }

  private start(line: KernelLine): Open {
    const ev = emptyEvent(this.lineNo, line.time, line.uptime);
    this.open = { ev, st: newSectionState(), text: new TextKeeper(), pending: null, done: false, weak: true, showMemAsked: this.showMemAsked };
    if (this.sysrq && sysrqAsked(this.sysrq, line, this.lineNo)) {
      this.open.text.add(this.sysrq.raw, this.sysrq.lineNo);
      this.open.sysrq = true;
    }
    this.sysrq = null;
    return this.open;
  }

  /** Take the line into the open event; false when it belongs to the next event or to none. */
  private absorb(o: Open, body: string): boolean {
    const { ev, st } = o;
    if (body.includes('ill') || body.startsWith('Kernel panic')) {
      const taken = absorbKill(o, body);
      if (taken !== null) return taken;
    }
    if (o.done && ev.panic && !FOLLOW_UP.some((re) => re.test(body))) {
      // The panic's own stack dump (CPU/PID line, registers, trace) follows it: Mem-Info is over.
      st.inMemInfo = false;
      return readSection(ev, st, body);
    }
    if (o.done) return FOLLOW_UP.some((re) => re.test(body)) || absorbKillFigures(o, body) || (ev.kind === 'alloc-failure' && readSection(ev, st, body));
    if (isReaperLine(body)) return this.reapedAsKill(o, body);
    // A mailer wrapped the header: "oom01 invoked oom-killer:" / "gfp_mask=0x100cca(…), order=0, …".
    if (!ev.headerMissing && (ev.gfpMask === null || ev.order === null)) {
      const rest = parseHeaderRest(body);
      if (rest) {
        ev.gfpMask ??= rest.gfpMask;
        if (ev.gfpFlags.length === 0) ev.gfpFlags = rest.gfpFlags;
        ev.order ??= rest.order;
        return true;
      }
    }
    if (readSection(ev, st, body)) {
      if (ev.kind === 'alloc-failure' && ev.pageCounts['pages RAM'] !== undefined) o.done = true;
      return true;
    }
    // Inside a dump with a header, unknown lines (registers, Code:, module lists) belong to it.
    return !o.weak;
  }

  /**
   * The reaper's line inside a dump cut at its top, with no kill line: the victim it reaped was the
   * kill (a paste that kept the task list and the reaper but not "Killed process"). In a dump with
   * a header it may be an earlier victim's, reaped late: left out.
   */
  private reapedAsKill(o: Open, body: string): boolean {
    const victim = parseReaped(body);
    if (!victim || !o.ev.headerMissing || o.ev.killed.length > 0 || o.pending) return false;
    o.ev.killed.push(victim);
    o.done = true;
    o.weak = false;
    return true;
  }

  private close(): void {
    const o = this.open;
    this.open = null;
    if (!o) return;
    settleDecision(o.ev, o.pending, o.summary);
    settleSurvivor(o);
    // A cut dump without its kill is kept only when it holds lines the OOM killer alone prints, or
    // the warn_alloc frame of an allocation failure's report.
    // So is show_mem's output alone, unless SysRq asked for it (show-mem.ts).
    if (o.ev.headerMissing && o.ev.killed.length === 0 && !o.ev.panic && !o.ev.noKillableProcesses && !o.st.oomOnly
      && o.ev.kind !== 'alloc-failure') {
      if (o.showMemAsked || !onlyShowMem(o.ev)) return;
      o.ev.showMemOnly = true;
    }
    settleConstraint(o.ev, o.st.memcgMarker);
    settlePanic(o);
    o.text.finish(o.ev);
    const prev = this.events[this.events.length - 1];
    if (prev && sameOom(prev, o.ev)) {
      this.events[this.events.length - 1] = joinHalves(prev, o.ev);
      return;
    }
    this.events.push(o.ev);
    if (this.events.length > this.limits.maxEvents) {
      this.events.shift();
      this.dropped++;
    }
  }
}
