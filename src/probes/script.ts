// The collector: one POSIX sh script built from the catalogue, fed on stdin to `sh -s` in one
// session. It runs every probe with its fallbacks, timeout, byte cap and missing-tool detection,
// the samplers in the background, and writes framed output that collect/frames.ts reads back.
import { randomBytes } from 'node:crypto';
import { KILL_TREE_SH } from '../transport/kill-tree.js';
import { wrapCommand } from '../transport/shell.js';
import type { Probe, ProbeCommand } from './types.js';

export const COLLECTOR_VERSION = 1;

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

/** Samplers first (they run in the background), then the rest, the ones that may hang last. */
export function runOrder(probes: readonly Probe[]): Probe[] {
  const samplers = probes.filter((p) => p.sampleSeconds !== undefined);
  const rest = probes.filter((p) => p.sampleSeconds === undefined);
  return [...samplers, ...rest.filter((p) => !p.late), ...rest.filter((p) => p.late)];
}

// The frame protocol (collect/frames.ts reads it). Every frame line starts with the marker:
//   M hello pid=PID t=CS scratch=DIR host=NAME    the script's pid, /proc/uptime in centiseconds
//   M locale NAME SET:VALUE                       the login's LANG/LC_ALL/LC_CTYPE/LC_NUMERIC
//                                                 (SET is 1, or empty when unset), before LC_ALL=C
//   M bg ID                                       a sampler started in the background
//   M beg ID WAY t0=CS                            a way starts (names the probe in flight)
//   M att ID WAY rc=RC w=W to=0|1 t0=CS t1=CS     a way ended: its exit (rc: a command's own
//                                                 status, empty when unknown; w: what `wait` said)
//   M att ID WAY skipped t0=CS                    not started: the deadline had passed
//   M out / M err, bytes, "\n" M end              the way's stdout (cap+1 bytes at most) / stderr
//   M bye removed=0|1                             the EXIT trap ran; the scratch folder is gone
// A probe's bytes sit only between `out`/`err` and `end` lines, and cannot hold the marker.
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

const RUNTIME = [
  'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"; export PATH',
  'hs_main=$$; hs_bg=; hs_wd=; hs_cur=; hs_done=0; hs_n=0; hs_skip=0',
  // /proc/uptime ("12345.67 …", two decimals on every kernel) in centiseconds, without a fork.
  'hs_now() {',
  '  read -r hs_up hs_x < /proc/uptime',
  '  hs_t=${hs_up%.*}${hs_up#*.}; hs_t=${hs_t#"${hs_t%%[!0]*}"}; hs_t=${hs_t:-0}',
  '}',
  KILL_TREE_SH,
  'hs_cleanup() {',
  '  trap - EXIT HUP INT TERM PIPE',
  '  [ -n "$hs_wd" ] && hs_killtree "$hs_wd"',
  '  if [ "$hs_done" != 1 ]; then for hs_p in $hs_cur $hs_bg; do hs_killtree "$hs_p"; done; fi',
  '  [ -n "$hs_S" ] && rm -rf "$hs_S"',
  '  if [ -n "$hs_S" ] && [ -d "$hs_S" ]; then hs_rm=0; else hs_rm=1; fi',
  '  printf \'%s bye removed=%s\\n\' "$M" "$hs_rm"',
  '}',
  // The watchdog: once a second, kills every way past its deadline (children included) and
  // leaves a to.* flag so the way is recorded as timed out. It ends with the main shell.
  'hs_watch() {',
  '  while kill -0 "$hs_main" 2>/dev/null && [ -d "$hs_S" ]; do',
  '    sleep 1',
  '    hs_now',
  '    for hs_f in "$hs_S"/dl.*; do',
  '      { read -r hs_p hs_dl hs_k < "$hs_f"; } 2>/dev/null || continue',
  '      [ "$hs_p" -gt 0 ] && [ "$hs_t" -ge "$hs_dl" ] && [ ! -f "$hs_S/to.$hs_k" ] || continue',
  '      : > "$hs_S/to.$hs_k"',
  '      hs_killtree "$hs_p"',
  '    done',
  '  done',
  '}',
  // hs_begin SLOT ID WAY TIMEOUT_CS: false (and a `skipped` frame) once the deadline has passed.
  'hs_begin() {',
  '  hs_slot=$1; hs_id=$2; hs_way=$3; hs_to=$4; hs_n=$((hs_n + 1))',
  '  hs_o=$hs_S/o.$1; hs_e=$hs_S/e.$1; hs_r=$hs_S/r.$1',
  '  : > "$hs_o"; : > "$hs_e"; : > "$hs_r"',
  '  hs_now; hs_t0=$hs_t',
  '  if [ "$hs_t" -ge "$hs_end" ]; then',
  '    printf \'%s att %s %s skipped t0=%s\\n\' "$M" "$2" "$3" "$hs_t"; hs_skip=1; return 1',
  '  fi',
  '  hs_skip=0',
  '  printf \'%s beg %s %s t0=%s\\n\' "$M" "$2" "$3" "$hs_t"',
  '}',
  // hs_wait PID read|cmd: hands the way to the watchdog, waits, then writes its frames. A read
  // is `head -c` itself (its status is wait's); a command writes its own status to $hs_r.
  'hs_wait() {',
  '  echo "$1 $((hs_t0 + hs_to)) $hs_slot.$hs_n" > "$hs_S/dl.$hs_slot"',
  '  hs_cur=$1; wait "$1"; hs_w=$?; hs_cur=',
  '  echo "0 0 0" > "$hs_S/dl.$hs_slot"',
  '  hs_now; hs_rc=',
  '  if [ "$2" = cmd ]; then read -r hs_rc < "$hs_r"; else hs_rc=$hs_w; fi',
  '  if [ -f "$hs_S/to.$hs_slot.$hs_n" ]; then hs_tout=1; else hs_tout=0; fi',
  '  printf \'%s att %s %s rc=%s w=%s to=%s t0=%s t1=%s\\n\' "$M" "$hs_id" "$hs_way" "$hs_rc" "$hs_w" "$hs_tout" "$hs_t0" "$hs_t"',
  '  if [ -s "$hs_o" ]; then printf \'%s out\\n\' "$M"; cat "$hs_o"; printf \'\\n%s end\\n\' "$M"; fi',
  '  if [ -s "$hs_e" ]; then printf \'%s err\\n\' "$M"; head -c 4096 "$hs_e"; printf \'\\n%s end\\n\' "$M"; fi',
  '}',
  // The fallback rule: the next way runs only when this one printed nothing AND failed (exit
  // status not 0, unknown, or timed out): procps sysctl exits 1 with good output, and is kept.
  'hs_nothing() {',
  '  [ "$hs_skip" = 0 ] && [ ! -s "$hs_o" ] && { [ "$hs_tout" = 1 ] || [ "$hs_rc" != 0 ]; }',
  '}',
].join('\n');

/** A `cat FILE` way: read with `head -c` so a file that never ends is capped like a command. */
function readPath(run: string): string | null {
  const m = /^cat ([\w/.@:+-]+)$/.exec(run);
  return m ? m[1] : null;
}

/** The line that starts one way in the background (`… & hs_wait $! KIND`). */
function launchLine(probe: Probe, way: ProbeCommand, sudo: boolean): string {
  const capPlusOne = probe.maxBytes + 1;
  const asRoot = sudo && probe.needsRoot === true;
  const file = readPath(way.run);
  if (file !== null) {
    const read = `head -c ${capPlusOne} ${file}`;
    return `${asRoot ? `sudo -n -- ${read}` : read} </dev/null >"$hs_o" 2>"$hs_e" & hs_wait $! read`;
  }
  // A way may `exit` (sh -c semantics): it gets a subshell of its own, so its status is still
  // written (dash, bash and busybox exec a subshell's last simple command: no extra fork).
  const body = asRoot ? wrapCommand(way.run, { sudo: true }) : `(\n${way.run}\n)`;
  return `( { ${body}\necho $? >"$hs_r"; } | head -c ${capPlusOne} >"$hs_o" ) </dev/null 2>"$hs_e" & hs_wait $! cmd`;
}

/** One probe: its ways nested so that each fallback runs only when hs_nothing says so. */
function probeBlock(probe: Probe, slot: string, sudo: boolean): string {
  const timeoutCs = Math.ceil(probe.timeoutMs / 10);
  const ways = waysOf(probe);
  const lines = [`# ${probe.id}`];
  ways.forEach((way, i) => {
    const indent = '  '.repeat(i);
    if (i > 0) lines.push(`${'  '.repeat(i - 1)}if hs_nothing; then`);
    lines.push(`${indent}if hs_begin ${slot} ${probe.id} ${wayName(i)} ${timeoutCs}; then`);
    lines.push(`${indent}  ${launchLine(probe, way, sudo)}`);
    lines.push(`${indent}fi`);
  });
  for (let i = ways.length - 1; i > 0; i--) lines.push(`${'  '.repeat(i - 1)}fi`);
  return lines.join('\n');
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
  const ordered = runOrder(probes);
  const samplers = ordered.filter((p) => p.sampleSeconds !== undefined);
  const rest = ordered.filter((p) => p.sampleSeconds === undefined);
  const sudo = options.sudo;
  return [
    `# hostsnap collector v${COLLECTOR_VERSION}: POSIX sh (dash, bash, busybox ash), read from stdin by \`sh -s\`.`,
    `M=${options.marker}`,
    LOCALE,
    RUNTIME,
    'hs_S=$(mktemp -d /dev/shm/hostsnap.XXXXXX 2>/dev/null) || hs_S=$(mktemp -d 2>/dev/null) || hs_S=',
    'trap hs_cleanup EXIT',
    "trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 141' PIPE",
    'hs_now; hs_end=$((hs_t + ' + String(options.deadlineSeconds * 100) + '))',
    'hs_h=; { read -r hs_h < /proc/sys/kernel/hostname; } 2>/dev/null',
    'printf \'%s hello pid=%s t=%s scratch=%s host=%s\\n\' "$M" "$$" "$hs_t" "${hs_S:--}" "$hs_h"',
    'if [ -z "$hs_S" ]; then printf \'%s fatal no scratch folder: mktemp -d failed on /dev/shm and $TMPDIR\\n\' "$M"; exit 1; fi',
    'hs_watch </dev/null >/dev/null 2>&1 & hs_wd=$!',
    '# samplers, in the background: their frames wait in $hs_S/f.ID',
    ...samplers.map((p) => `(\n${probeBlock(p, p.id, sudo)}\n) </dev/null >"$hs_S/f.${p.id}" 2>/dev/null & hs_bg="$hs_bg $!"\nprintf '%s bg ${p.id}\\n' "$M"`),
    ...rest.map((p) => probeBlock(p, 'main', sudo)),
    'for hs_p in $hs_bg; do wait "$hs_p"; done',
    samplers.length > 0 ? `cat ${samplers.map((p) => `"$hs_S/f.${p.id}"`).join(' ')}` : ':',
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
