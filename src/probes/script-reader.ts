// The collector's reader: small kernel files read with shell builtins by one forked subshell (no
// exec), each file still its own framed way with its own timeout; the main shell takes over the
// files after a read that hung (the watchdog killed the reader, or left it in D state).
import { SMALL_FILE_BYTES } from './define.js';
import type { Probe } from './types.js';

/** The file of a plain `cat FILE` way (catalogue paths are fixed literals, never host data). */
export function readPath(run: string): string | null {
  const m = /^cat ([\w/.@:+-]+)$/.exec(run);
  return m ? m[1] : null;
}

/**
 * The file the reader reads for this probe, or null when it runs as a program of its own. Only
 * /proc files (the kernel's own formats, lines of bounded length: `read` holds a whole line, and
 * POSIX sh has no way to bound it, so a file on disk of one endless line would be held whole)
 * with a cap of at most SMALL_FILE_BYTES: dash and busybox `read` one byte per syscall (~1.4 µs
 * a byte here), and bash re-reads a seq_file from its start at every line (it lseeks back past
 * what it read ahead, which seq_file serves by regenerating the file): 36 ms of CPU for a 25 KiB
 * /proc/slabinfo under dash, 87 ms under bash, against 2 ms for `head -c` with its fork and exec
 * (bench/footprint). A probe with fallbacks, or one that needs root under --sudo, is not read here.
 */
export function readerFile(probe: Probe, sudo: boolean): string | null {
  if ((probe.fallbacks?.length ?? 0) > 0 || probe.sampleSeconds !== undefined) return null;
  if (probe.maxBytes > SMALL_FILE_BYTES || (sudo && probe.needsRoot === true)) return null;
  const file = readPath(probe.command.run);
  return file !== null && file.startsWith('/proc/') ? file : null;
}

/**
 * Files whose read takes a kernel lock that another task may hold for long (read last in their
 * batch, so that a hang there leaves the fewest reads to the main shell's slower way):
 * /proc/swaps swapon_mutex (held across a whole swapon/swapoff), /proc/slabinfo slab_mutex (held
 * while a cache is created or shrunk), mountinfo namespace_sem (held by mount and umount, for
 * long on a hung NFS umount).
 */
const LOCKING = new Set(['/proc/swaps', '/proc/slabinfo', '/proc/self/mountinfo', '/proc/mounts']);

/** One step of the run: a probe of its own, or a batch of probes read by one reader subshell. */
export type Step = { probe: Probe } | { batch: Probe[] };

/**
 * Gathers the reader's probes of `probes` (one run group: the foreground, or the late probes)
 * into one batch at the place of the first, the locking reads last; the rest keep their order.
 */
export function gatherReads(probes: readonly Probe[], sudo: boolean): Step[] {
  const reads = probes.filter((p) => readerFile(p, sudo) !== null);
  const batch = [...reads.filter((p) => !LOCKING.has(readerFile(p, sudo)!)), ...reads.filter((p) => LOCKING.has(readerFile(p, sudo)!))];
  const steps: Step[] = [];
  for (const probe of probes) {
    if (!reads.includes(probe)) steps.push({ probe });
    else if (probe === reads[0]) steps.push({ batch });
  }
  return steps;
}

/** A reader way's place: N numbers its files, GA is the gate before its frame. */
export interface ReaderSlot {
  n: number;
  ga: number;
}

/**
 * The reader: one background subshell running `hs_rway` for each file in turn, then the main
 * shell's walk over the batch: a way the reader finished (r.N) is sent (its gates opened), any
 * other runs the way it always did (`fallback(probe)`: `head -c` in a child of its own, or the
 * `skipped` record past the deadline). Its frames leave together when the batch ends.
 */
export function readerBlock(batch: readonly Probe[], sudo: boolean, slots: (p: Probe) => ReaderSlot, fallback: (p: Probe) => string): string {
  const calls = batch.map((p) => {
    const s = slots(p);
    return `hs_rway ${s.n} ${readerFile(p, sudo)} ${p.maxBytes} ${Math.ceil(p.timeoutMs / 10)} ${p.id} primary`;
  });
  return [
    `# reader: ${batch.map((p) => p.id).join(' ')}`,
    '(',
    'read -r hs_me hs_x < /proc/self/stat',
    calls.join(' &&\n'),
    ') </dev/null >/dev/null 2>&1 & hs_rwait $!',
    ...batch.map((p) => `if [ -f r.${slots(p).n} ]; then hs_gate ${slots(p).ga}; else\n${fallback(p)}\nfi`),
  ].join('\n');
}

/**
 * The reader's shell functions (POSIX sh). A read may hang (a stuck lock, a FIFO bind-mounted
 * over the file in a test): each way arms the watchdog (dl.main: the reader's pid, its deadline,
 * its number) before its read, and claims its end (hs_claim, atomic) after it. The watchdog kills
 * only a way it claimed first, so it never kills the reader between two ways; a reader whose way
 * the watchdog claimed stops there. The main shell then records the way in flight (timed out,
 * stuck in D or not) and runs the files after it itself.
 */
export const READER_SH = [
  // hs_rd CAP: stdin to stdout, at most CAP+1 bytes (the byte past the cap says "cut", as
  // `head -c CAP+1` did): lines through `read -r` with an empty IFS keep every byte but NUL (the
  // kernel's text files have none); a last line without its newline is kept as it is. A read
  // error ends the copy like the end of the file (`read` does not tell them apart).
  'hs_rd() {',
  '  hs_n=$(($1 + 1))',
  '  while IFS= read -r hs_l; do',
  '    hs_b=$((${#hs_l} + 1))',
  '    if [ "$hs_b" -ge "$hs_n" ]; then',
  '      printf \'%.*s\' "$hs_n" "$hs_l" || return 1',
  '      [ "$hs_b" != "$hs_n" ] || printf \'\\n\' || return 1',
  '      return 0',
  '    fi',
  '    printf \'%s\\n\' "$hs_l" || return 1',
  '    hs_n=$((hs_n - hs_b))',
  '  done',
  '  [ -z "$hs_l" ] || printf \'%.*s\' "$hs_n" "$hs_l"',
  '}',
  // hs_rway N FILE CAP TIMEOUT_CS ID WAY: one file, in the reader; false past the deadline (the
  // main shell records the rest as skipped). rk names the way in flight for the main shell.
  // A file that cannot be opened is told the way `head` told it: exit status 1, and the reason in
  // one spelling whatever the shell (dash says "No such file", busybox "no such file").
  'hs_rway() {',
  '  hs_now',
  '  [ "$hs_t" -lt "$hs_end" ] || return 1',
  '  hs_t0=$hs_t',
  '  printf \'%s beg %s %s t0=%s\\n\' "$M" "$5" "$6" "$hs_t" > "b.$1"',
  '  echo "$1 $hs_t $5 $6" > rk',
  '  echo "$hs_me $((hs_t + $4)) $1" > dl.main',
  '  if { hs_rd "$3"; } 2> "e.$1" < "$2" > "o.$1"; then hs_rc=0; else',
  '    hs_rc=1',
  '    if [ ! -e "o.$1" ]; then',
  '      hs_m=; { read -r hs_m < "e.$1"; } 2>/dev/null',
  '      hs_m=${hs_m##*: }',
  '      case $hs_m in',
  '        [Nn]o\\ such\\ file*) hs_m=\'No such file or directory\' ;;',
  '        [Pp]ermission\\ denied) hs_m=\'Permission denied\' ;;',
  '      esac',
  '      printf "hostsnap: cannot open \'%s\' for reading: %s\\n" "$2" "${hs_m:-failed}" > "e.$1"',
  '    fi',
  '  fi',
  '  hs_claim "$1" || exit 0',
  '  echo "0 0 0" > dl.main',
  '  hs_now',
  '  printf \'%s att %s %s rc=%s w=%s to=0 d=0 t0=%s t1=%s rd=1\\n%s out\\n\' "$M" "$5" "$6" "$hs_rc" "$hs_rc" "$hs_t0" "$hs_t" "$M" > "a.$1"',
  '  true > "r.$1"',
  '}',
  // hs_rwait PID: waits for the reader as hs_wait waits for a way (the watchdog's USR1 ends the
  // wait on a reader stuck in D), then gives the way in flight, if any, its frame: timed out when
  // the watchdog claimed it (c.N), with what the reader had read of it.
  'hs_rwait() {',
  '  hs_p=$1; hs_cur=$1; hs_d=0; hs_i=0',
  '  while [ $hs_i -lt 100000 ]; do',
  '    wait "$hs_p"; hs_w=$?; hs_i=$((hs_i + 1))',
  '    { read -r hs_st < "/proc/$hs_p/stat"; } 2>/dev/null || break',
  '    hs_x=${hs_st##*) }; hs_x=${hs_x%% *}',
  '    hs_k=; { read -r hs_k hs_y < rk; } 2>/dev/null',
  '    if [ "$hs_x" = D ] && [ -n "$hs_k" ] && [ -f "c.$hs_k" ]; then hs_d=1; break; fi',
  '  done',
  '  hs_cur=; echo "0 0 0" > dl.main',
  '  hs_k=; { read -r hs_k hs_t0 hs_id hs_way < rk; } 2>/dev/null',
  '  [ -n "$hs_k" ] && [ ! -f "r.$hs_k" ] || return 0',
  '  if [ -f "c.$hs_k" ]; then hs_tout=1; else hs_tout=0; fi',
  '  hs_now',
  '  printf \'%s att %s %s rc=%s w=%s to=%s d=%s t0=%s t1=%s rd=1\\n%s out\\n\' "$M" "$hs_id" "$hs_way" "$hs_w" "$hs_w" "$hs_tout" "$hs_d" "$hs_t0" "$hs_t" "$M" > "a.$hs_k"',
  '  true > "r.$hs_k"',
  '}',
].join('\n');
