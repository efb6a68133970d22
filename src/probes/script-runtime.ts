// The collector script's shell functions (POSIX sh: dash, bash --posix, busybox ash): the clock,
// the watchdog, starting and waiting for one way, the frames kept until one `cat` sends them.
import { KILL_TREE_SH } from '../transport/kill-tree.js';

/**
 * Forks are the collector's main cost on a host (bench/footprint), so each way costs one: the
 * background child that execs the program (`{ …; cmd; } &` execs its last simple command).
 * Nothing is read back per way: a way's frame header is written by printf (a builtin) into a
 * file, and the file names queue in $hs_pend until one `cat` sends them all (hs_flush). The
 * script runs inside its scratch folder, so every queued name is relative and has no space.
 *
 * A way in D state (uninterruptible sleep: a hung NFS server, a stuck mmap lock behind
 * /proc/PID/cmdline) ignores SIGKILL, and `wait` on it would never return: the watchdog, after
 * its kill, sends USR1 to the shell waiting for it (trapped, so `wait` returns at once), and
 * that shell leaves a way still in D behind, recorded as stuck, and goes on.
 *
 * @param minTimeoutCs the shortest way timeout of the catalogue: the watchdog sleeps until the
 *   nearest deadline it knows, never longer than this (a way that starts later cannot be due
 *   sooner), so a normal run costs it one `sleep`, not one per second.
 */
export function runtime(minTimeoutCs: number): string {
  return [
    'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"; export PATH',
    'hs_main=$$; hs_bg=; hs_wd=; hs_cur=; hs_done=0; hs_n=0; hs_skip=0; hs_pend=',
    // A way's output past its cap is refused by `ulimit -f` (EFBIG, not the SIGXFSZ that would
    // kill it and maybe dump core): ignored here, ignored in every program started below.
    "trap '' XFSZ; trap : USR1",
    // /proc/uptime ("12345.67 …", two decimals on every kernel) in centiseconds, without a fork.
    'hs_now() {',
    '  read -r hs_up hs_x < /proc/uptime',
    '  hs_t=${hs_up%.*}${hs_up#*.}; hs_t=${hs_t#"${hs_t%%[!0]*}"}; hs_t=${hs_t:-0}',
    '}',
    KILL_TREE_SH,
    // The queued frames, in one process.
    'hs_flush() {',
    '  if [ -n "$hs_pend" ]; then cat $hs_pend; hs_pend=; fi',
    '}',
    // Every way out (the end, a stop: TERM from the controller, HUP when the connection drops)
    // sends what was collected before it removes the scratch folder.
    'hs_cleanup() {',
    '  trap - EXIT HUP INT TERM PIPE',
    '  [ -n "$hs_wd" ] && hs_killtree "$hs_wd"',
    '  if [ "$hs_done" != 1 ]; then for hs_p in $hs_cur $hs_bg; do hs_killtree "$hs_p"; done; hs_flush 2>/dev/null; fi',
    '  cd / 2>/dev/null',
    '  [ -n "$hs_S" ] && rm -rf "$hs_S"',
    '  if [ -n "$hs_S" ] && [ -d "$hs_S" ]; then hs_rm=0; else hs_rm=1; fi',
    '  printf \'%s bye removed=%s\\n\' "$M" "$hs_rm"',
    '}',
    // hs_waiter PID: the shell waiting for way PID (main, or a sampler subshell of main), or false.
    // Only those get USR1: a way whose parent died belongs to init, which must never get it.
    'hs_waiter() {',
    '  { read -r hs_st < "/proc/$1/stat"; } 2>/dev/null || return 1',
    '  set -- ${hs_st##*) }',
    '  [ "$1" != Z ] || return 1',
    '  hs_q=$2',
    '  [ "$hs_q" = "$hs_main" ] && return 0',
    '  { read -r hs_st < "/proc/$hs_q/stat"; } 2>/dev/null || return 1',
    '  set -- ${hs_st##*) }',
    '  [ "$2" = "$hs_main" ]',
    '}',
    // The watchdog: kills every way past its deadline (children included), leaves a to.* flag so
    // the way is recorded as timed out, and wakes the shell waiting for a way that outlives its
    // kill once a second until that shell lets it go. It ends with the main shell.
    'hs_watch() {',
    '  while kill -0 "$hs_main" 2>/dev/null && [ -d "$hs_S" ]; do',
    '    hs_now; hs_wake=$((hs_t + ' + String(minTimeoutCs) + '))',
    '    for hs_f in dl.*; do',
    '      { read -r hs_p hs_dl hs_k < "$hs_f"; } 2>/dev/null || continue',
    '      [ "$hs_p" -gt 0 ] || continue',
    '      if [ "$hs_t" -lt "$hs_dl" ]; then',
    '        [ "$hs_dl" -lt "$hs_wake" ] && hs_wake=$hs_dl',
    '        continue',
    '      fi',
    '      if [ ! -f "to.$hs_k" ]; then : > "to.$hs_k"; hs_killtree "$hs_p"; fi',
    '      if hs_waiter "$hs_p"; then kill -USR1 "$hs_q" 2>/dev/null; hs_wake=$((hs_t + 100)); fi',
    '    done',
    '    hs_s=$(( (hs_wake - hs_t + 99) / 100 )); [ "$hs_s" -ge 1 ] || hs_s=1',
    '    sleep "$hs_s"',
    '  done',
    '}',
    // hs_begin SLOT ID WAY TIMEOUT_CS: false (and a `skipped` frame) once the deadline has passed.
    // Files of a way are named SLOT.N: the samplers' subshells count from the same N as main.
    'hs_begin() {',
    '  hs_slot=$1; hs_id=$2; hs_way=$3; hs_to=$4; hs_n=$((hs_n + 1))',
    '  hs_k=$1.$hs_n; hs_o=o.$hs_k; hs_e=e.$hs_k; hs_a=a.$hs_k',
    '  hs_now; hs_t0=$hs_t',
    '  if [ "$hs_t" -ge "$hs_end" ]; then',
    '    printf \'%s att %s %s skipped t0=%s\\n\' "$M" "$2" "$3" "$hs_t" > "$hs_a"; hs_pend="$hs_pend $hs_a"; hs_skip=1; return 1',
    '  fi',
    '  hs_skip=0',
    '  printf \'%s beg %s %s t0=%s\\n\' "$M" "$2" "$3" "$hs_t"',
    '}',
    // hs_wait PID: hands the way to the watchdog, waits for it, queues its frames. `wait` also
    // returns when USR1 cut it short: the loop waits again unless the way is gone (reaped) or
    // is still in D state after the watchdog's kill (left behind: d=1).
    'hs_wait() {',
    '  hs_p=$1; echo "$hs_p $((hs_t0 + hs_to)) $hs_k" > "dl.$hs_slot"',
    '  hs_cur=$hs_p; hs_d=0; hs_i=0',
    '  while [ $hs_i -lt 100000 ]; do',
    '    wait "$hs_p"; hs_w=$?; hs_i=$((hs_i + 1))',
    '    { read -r hs_st < "/proc/$hs_p/stat"; } 2>/dev/null || break',
    '    hs_x=${hs_st##*) }; hs_x=${hs_x%% *}',
    '    if [ "$hs_x" = D ] && [ -f "to.$hs_k" ]; then hs_d=1; break; fi',
    '  done',
    '  hs_cur=; echo "0 0 0" > "dl.$hs_slot"',
    '  hs_now; hs_rc=$hs_w',
    '  if [ -f "to.$hs_k" ]; then hs_tout=1; else hs_tout=0; fi',
    '  printf \'%s att %s %s rc=%s w=%s to=%s d=%s t0=%s t1=%s\\n\' "$M" "$hs_id" "$hs_way" "$hs_rc" "$hs_w" "$hs_tout" "$hs_d" "$hs_t0" "$hs_t" > "$hs_a"',
    '  hs_pend="$hs_pend $hs_a"',
    '  if [ -s "$hs_o" ]; then printf \'%s out\\n\' "$M" >> "$hs_a"; hs_pend="$hs_pend $hs_o z"; fi',
    '  if [ -s "$hs_e" ]; then hs_pend="$hs_pend ze $hs_e z"; fi',
    '}',
    // The fallback rule: the next way runs only when this one printed nothing AND failed (exit
    // status not 0, or timed out): procps sysctl exits 1 with good output, and is kept.
    'hs_nothing() {',
    '  [ "$hs_skip" = 0 ] && [ ! -s "$hs_o" ] && { [ "$hs_tout" = 1 ] || [ "$hs_rc" != 0 ]; }',
    '}',
  ].join('\n');
}
