// The collector: one POSIX sh script built from the catalogue, fed on stdin to `sh -s` in one
// session. It runs every probe with its fallbacks, timeout, byte cap and missing-tool detection,
// the samplers in the background, and writes framed output that collect/frames.ts reads back.
import { randomBytes } from 'node:crypto';
import { wrapCommand } from '../transport/shell.js';
import { gatherReads, READER_SH, readerBlock, readPath, type Step } from './script-reader.js';
import { runtime } from './script-runtime.js';
import type { Probe, ProbeCommand } from './types.js';

export const COLLECTOR_VERSION = 3;

/**
 * After this long no new way starts on the host (the rest are recorded as skipped): a host where
 * everything hangs costs at most this plus one way's timeout, so a fleet run stays bounded.
 */
export const DEADLINE_SECONDS = 120;

/** The frame marker: random per run, sent only on stdin (never in an argv that `ps` shows). */
export function newMarker(): string {
  return `hs${randomBytes(12).toString('hex')}`;
}

export interface CollectorOptions {
  marker: string;
  /** needsRoot probes run through `sudo -n` (never prompts; a refusal is recorded per probe). */
  sudo: boolean;
  /** After this many seconds no new way starts: the rest are recorded as skipped. */
  deadlineSeconds: number;
}

/** The ways of a probe in order: its command, then its fallbacks. */
export function waysOf(probe: Probe): ProbeCommand[] {
  return [probe.command, ...(probe.fallbacks ?? [])];
}

/** `primary`, `fallback:1`…: the manifest's `via` and the frame's way name. */
export function wayName(index: number): string {
  return index === 0 ? 'primary' : `fallback:${index}`;
}

interface RunPlan {
  /** Started first, in the background. */
  samplers: Probe[];
  /** Then, one after another: probes, and batches of small files for the reader. */
  foreground: Step[];
  /** Last, once the samplers have ended: the probes that may hang (ps). */
  late: Step[];
}

/**
 * Samplers first (they run in the background), then the rest, the ones that may hang last,
 * after the samplers have ended: ps, the heaviest program here (1.6 MiB of anonymous memory on
 * this machine), is not alive at once with pidstat and vmstat, which lowers the peak memory of a
 * snapshot on the host (bench/footprint) for about ps's own time in wall time. In each group the
 * small files for the reader are gathered at the place of the first (script-reader.ts).
 */
export function runPlan(probes: readonly Probe[], sudo: boolean): RunPlan {
  const rest = probes.filter((p) => p.sampleSeconds === undefined);
  return {
    samplers: probes.filter((p) => p.sampleSeconds !== undefined),
    foreground: gatherReads(rest.filter((p) => !p.late), sudo),
    late: gatherReads(rest.filter((p) => p.late), sudo),
  };
}

const stepProbes = (steps: readonly Step[]): Probe[] => steps.flatMap((s) => ('batch' in s ? s.batch : [s.probe]));

/** The probes in the order they run. */
export function runOrder(probes: readonly Probe[], sudo = false): Probe[] {
  const plan = runPlan(probes, sudo);
  return [...plan.samplers, ...stepProbes(plan.foreground), ...stepProbes(plan.late)];
}

// The frame protocol (collect/frames.ts reads it). Every frame line starts with the marker:
//   M hello pid=PID t=CS scratch=DIR host=NAME    the script's pid, /proc/uptime in centiseconds
//   M locale NAME SET:VALUE                       the login's LANG/LC_ALL/LC_CTYPE/LC_NUMERIC
//                                                 (SET is 1, or empty when unset), before LC_ALL=C
//   M bg ID                                       a sampler started in the background
//   M beg ID WAY t0=CS                            a way starts (names the probe in flight)
//   M att ID WAY rc=RC w=W to=0|1 d=0|1 t0 t1     a way ended: its exit status (rc, w: what
//         [rd=1]                                  `wait` said), timed out, left in D state;
//                                                 rd=1: a file read by the reader subshell;
//   M out, bytes, "\n" M end                      then always its stdout block (ulimit -f: a few
//   M err, bytes, "\n" M end                      hundred bytes past the cap at most) and its
//                                                 stderr block: the frame is whole at that end
//   M att ID WAY skipped t0=CS, M out             not started: the deadline had passed (the
//                                                 shared block ends after it read as two empty
//                                                 blocks outside any frame)
//   M bye removed=0|1 done=0|1                    the EXIT trap ran; the scratch folder is gone;
//                                                 done: the script reached its end
// A probe's bytes sit only between `out`/`err` and `end` lines, and cannot hold the marker.
// Each foreground way's frame is sent as soon as it ends, the reader's (small /proc files) as a
// group once its batch ends (milliseconds); the samplers' frames at the end.
/** The locale variables the manifest records as the login set them. */
export const LOCALE_VARIABLES = ['LANG', 'LC_ALL', 'LC_CTYPE', 'LC_NUMERIC'] as const;

// The host's locale is recorded first, then every probe runs under the C locale: free, pidstat,
// vmstat print translated headers and decimal commas otherwise (fr_FR: `utilisé`, `0,99`), and
// stderr would no longer say "Permission denied" or "not found" for the failure classifier.
// LC_ALL beats LANG and every LC_*; gettext ignores LANGUAGE when the locale is C. sudo keeps
// LC_ALL (its built-in env_keep has the locale variables), so root probes get it too.
const LOCALE = [
  `for hs_v in ${LOCALE_VARIABLES.join(' ')}; do`,
  '  eval "hs_x=\\${$hs_v+1}:\\${$hs_v-}"',
  '  printf \'%s locale %s %s\\n\' "$M" "$hs_v" "$hs_x"',
  'done',
  'LC_ALL=C; export LC_ALL',
].join('\n');

/** `ulimit -f` counts 512-byte blocks (dash, busybox, bash in POSIX mode; plain bash 1024). */
const blocksFor = (bytes: number): number => Math.ceil(bytes / 512) + 1;

/**
 * The line that starts one way in the background (`… & hs_wait $!`): one fork. `then`: what the
 * shell does with it (hs_wait, or hs_spawned for a sampler the main shell reaps later).
 */
function launchLine(probe: Probe, way: ProbeCommand, sudo: boolean, then = 'hs_wait'): string {
  const asRoot = sudo && probe.needsRoot === true;
  // A `cat FILE` way the reader does not take: read with `head -c` so a file that never ends is
  // capped like a command.
  const file = readPath(way.run);
  if (file !== null) {
    // head stops at cap+1 bytes by itself (the extra byte says "cut"): a file that never ends
    // costs no more than a short one, and head exits 0.
    const read = `head -c ${probe.maxBytes + 1} ${file}`;
    return `${asRoot ? `sudo -n -- ${read}` : read} </dev/null >"$hs_o" 2>"$hs_e" & ${then} $!`;
  }
  // A way may `exit` (sh -c semantics): it runs in the background child, whose status `wait`
  // gives. The cap: writes past it fail (EFBIG), so a flood cannot fill the tmpfs.
  const body = asRoot ? wrapCommand(way.run, { sudo: true }) : way.run;
  // `( … ) &`, not `{ … } &`: bash 5.2 forks once more for a brace group in the background;
  // with parentheses dash, bash and busybox all exec the last simple command in the one child.
  return `( ulimit -f ${blocksFor(probe.maxBytes + 1)} 2>/dev/null\n${body}\n) </dev/null >"$hs_o" 2>"$hs_e" & ${then} $!`;
}

/** A way's place in the sender's list: N numbers its files, GB/GA its gates (0 for samplers). */
interface WaySlot {
  n: number;
  gb: number;
  ga: number;
}

/** Numbers every way in run order: samplers first (no gates), then the foreground ways. */
function slotsOf(samplers: readonly Probe[], rest: readonly Probe[]): Map<Probe, WaySlot[]> {
  const slots = new Map<Probe, WaySlot[]>();
  let n = 0;
  let gate = 0;
  for (const p of samplers) slots.set(p, waysOf(p).map(() => ({ n: ++n, gb: 0, ga: 0 })));
  for (const p of rest) slots.set(p, waysOf(p).map(() => ({ n: ++n, gb: ++gate, ga: ++gate })));
  return slots;
}

/** The files of one way, in the order the sender reads them: z and y, the ends of its two blocks, are shared. */
const frameFiles = (n: number): string[] => [`a.${n}`, `o.${n}`, 'z', `e.${n}`, 'y'];

/**
 * The sender: one `cat` of every gate and frame file in run order (a file that does not exist,
 * a way never run, is skipped), the foreground ways first, then past the last gate the samplers'.
 */
function senderArgs(samplers: readonly Probe[], rest: readonly Probe[], slots: Map<Probe, WaySlot[]>): { gates: string[]; args: string[] } {
  const gates: string[] = [];
  const args: string[] = [];
  for (const p of rest) {
    for (const s of slots.get(p)!) {
      gates.push(`g.${s.gb}`, `g.${s.ga}`);
      args.push(`g.${s.gb}`, `b.${s.n}`, `g.${s.ga}`, ...frameFiles(s.n));
    }
  }
  gates.push('g.end');
  args.push('g.end');
  for (const p of samplers) for (const s of slots.get(p)!) args.push(`b.${s.n}`, ...frameFiles(s.n));
  return { gates, args };
}

/** One probe: its ways nested so that each fallback runs only when hs_nothing says so. */
function probeBlock(probe: Probe, slot: string, sudo: boolean, ways: readonly WaySlot[], then?: string): string {
  const timeoutCs = Math.ceil(probe.timeoutMs / 10);
  const lines = [`# ${probe.id}`];
  waysOf(probe).forEach((way, i) => {
    const indent = '  '.repeat(i);
    const s = ways[i];
    if (i > 0) lines.push(`${'  '.repeat(i - 1)}if hs_nothing; then`);
    lines.push(`${indent}if hs_begin ${slot} ${probe.id} ${wayName(i)} ${timeoutCs} ${s.n} ${s.gb} ${s.ga}; then`);
    lines.push(`${indent}  ${launchLine(probe, way, sudo, then)}`);
    lines.push(`${indent}fi`);
  });
  for (let i = ways.length - 1; i > 0; i--) lines.push(`${'  '.repeat(i - 1)}fi`);
  // The gates of the fallbacks that did not run: the sender skips their (absent) files.
  const last = ways[ways.length - 1];
  if (last.ga > 0) lines.push(`hs_gate ${last.ga}`);
  return lines.join('\n');
}

/**
 * A sampler in the background. With fallbacks, a subshell of its own runs its ways (the next
 * starts as soon as one fails); without, the main shell starts it and reaps it at the end of the
 * foreground (hs_spawned, hs_reaped): no subshell alive beside it for the whole window.
 */
function samplerBlock(probe: Probe, sudo: boolean, ways: readonly WaySlot[]): string {
  if (waysOf(probe).length === 1) return probeBlock(probe, probe.id, sudo, ways, 'hs_spawned');
  return `(\ntrap : USR1\n${probeBlock(probe, probe.id, sudo, ways)}\n) </dev/null >/dev/null 2>&1 & hs_bg="$hs_bg $!"; hs_wr="$hs_wr $!"`;
}

/**
 * The whole collector script. Scratch: one `mktemp -d`, on /dev/shm (tmpfs) when it can, else
 * $TMPDIR or /tmp; removed by the EXIT trap on every way out (end, HUP when the connection
 * drops, TERM, INT, PIPE). Probe ids and catalogue commands are our own text; nothing a host
 * prints is ever executed.
 */
export function collectorScript(probes: readonly Probe[], options: CollectorOptions): string {
  if (!/^hs[0-9a-f]{24}$/.test(options.marker)) throw new Error(`bad collector marker ${options.marker}`);
  for (const p of probes) if (!/^[a-z0-9-]+$/.test(p.id)) throw new Error(`probe id not usable in the collector: ${p.id}`);
  const sudo = options.sudo;
  const plan = runPlan(probes, sudo);
  const samplers = plan.samplers;
  const rest = [...stepProbes(plan.foreground), ...stepProbes(plan.late)];
  const minTimeoutCs = Math.min(1000, ...probes.map((p) => Math.ceil(p.timeoutMs / 10)));
  const slots = slotsOf(samplers, rest);
  const sender = senderArgs(samplers, rest, slots);
  const lastGate = Math.max(0, ...rest.flatMap((p) => slots.get(p)!.map((s) => s.ga)));
  const block = (p: Probe): string => probeBlock(p, 'main', sudo, slots.get(p)!);
  const step = (s: Step): string => ('batch' in s ? readerBlock(s.batch, sudo, (p) => slots.get(p)![0], block) : block(s.probe));
  const hasReader = [...plan.foreground, ...plan.late].some((s) => 'batch' in s);
  // No collector lives past its deadline plus its longest way's timeout (a way started just
  // before the deadline); twice that before another collector may sweep its folder away.
  const lifeCs = 2 * (options.deadlineSeconds + Math.ceil(Math.max(0, ...probes.map((p) => p.timeoutMs)) / 1000)) * 100;
  return [
    `# hostsnap collector v${COLLECTOR_VERSION}: POSIX sh (dash, bash, busybox ash), read from stdin by \`sh -s\`.`,
    `M=${options.marker}`,
    LOCALE,
    runtime(minTimeoutCs),
    ...(hasReader ? [READER_SH] : []),
    // The samplers' ways are numbered first; their files are sent at the end (hs_drop skips them).
    `hs_dk=${samplers.reduce((n, p) => n + waysOf(p).length, 0)}`,
    'hs_S=$(mktemp -d /dev/shm/hostsnap.XXXXXX 2>/dev/null) || hs_S=$(mktemp -d 2>/dev/null) || hs_S=',
    'trap hs_cleanup EXIT',
    "trap 'hs_stop 129' HUP; trap 'hs_stop 130' INT; trap 'hs_stop 143' TERM; trap 'hs_stop 141' PIPE",
    'hs_now; hs_end=$((hs_t + ' + String(options.deadlineSeconds * 100) + '))',
    'hs_h=; { read -r hs_h < /proc/sys/kernel/hostname; } 2>/dev/null',
    'printf \'%s hello pid=%s t=%s scratch=%s host=%s\\n\' "$M" "$$" "$hs_t" "${hs_S:--}" "$hs_h"',
    'if [ -z "$hs_S" ] || ! cd "$hs_S"; then printf \'%s fatal no scratch folder: mktemp -d failed on /dev/shm and $TMPDIR\\n\' "$M"; exit 1; fi',
    `if ! mkfifo ${sender.gates.join(' ')} 2>/dev/null; then printf '%s fatal mkfifo failed in the scratch folder\\n' "$M"; exit 1; fi`,
    // When this folder is surely stale, for later collectors' sweep (hs_sweep); then that sweep.
    `printf '%s %s\\n' $((hs_t + ${lifeCs})) "$$" > expires`,
    'hs_sweep',
    // The ends of every way's out and err blocks (frameFiles), before the sender reads them.
    'printf \'\\n%s end\\n%s err\\n\' "$M" "$M" > z; printf \'\\n%s end\\n\' "$M" > y',
    '# the sender: it writes nothing before the first gate opens, so the lines above and the `bg`',
    '# lines below cannot mix with its output',
    `cat ${sender.args.join(' ')} </dev/null 2>/dev/null & hs_snd=$!`,
    'hs_watch </dev/null >/dev/null 2>&1 & hs_wd=$!',
    '# samplers, in the background: their frame files are sent at the end',
    ...samplers.map((p) => `${samplerBlock(p, sudo, slots.get(p)!)}\nprintf '%s bg ${p.id}\\n' "$M"`),
    ...plan.foreground.map(step),
    // The samplers end before the late probes start (runPlan). A sampler subshell's wait can be
    // cut short by USR1 too: wait until it is really gone. Then none is left to stop.
    'hs_reaped',
    'for hs_p in $hs_wr; do hs_i=0; while [ $hs_i -lt 100000 ] && { read -r hs_st < "/proc/$hs_p/stat"; } 2>/dev/null; do wait "$hs_p"; hs_i=$((hs_i + 1)); done; done',
    'hs_bg=; hs_wr=',
    ...plan.late.map(step),
    // `fin` first: from here a sender that ends has ended normally (the watchdog stops no one).
    `: > fin; hs_gate ${lastGate}; hs_open g.end`,
    'wait "$hs_snd"; hs_snd=',
    'hs_done=1',
    'exit 0',
    '',
  ].join('\n');
}

/** The script as `hostsnap probes --script` prints it, for audit: a placeholder marker (every
 * run draws a random one) and the default deadline. */
export function auditScript(probes: readonly Probe[], sudo: boolean): string {
  return collectorScript(probes, { marker: `hs${'0'.repeat(24)}`, sudo, deadlineSeconds: DEADLINE_SECONDS });
}
