// The collector script's shell functions (POSIX sh: dash, bash --posix, busybox ash): the clock,
// the watchdog, starting and waiting for one way, the frames kept until one `cat` sends them.
// (The reader of small files has its own: script-reader.ts.)
import { KILL_TREE_SH } from '../transport/kill-tree.js';

/**
 * Forks are the collector's main cost on a host (bench/footprint), so each way costs one: the
 * background child that execs the program (`{ …; cmd; } &` execs its last simple command); the
 * small /proc files cost one subshell for all of them (script-reader.ts).
 * Nothing is read back by the shell: a way's frame header and trailers are written by printf (a
 * builtin) into files, and one `cat`, started once, reads every way's files in order with a FIFO
 * (a gate) before each group: it blocks there until the shell opens that gate once the files
 * behind it are whole. So each frame leaves as soon as its way ends (a lost connection keeps what
 * was sent), for one `mkfifo` and no fork per way. Only that `cat` writes to stdout while it runs.
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
    'hs_main=$$; hs_bg=; hs_wr=; hs_sv=; hs_wd=; hs_snd=; hs_cur=; hs_done=0; hs_skip=0; hs_og=0; hs_dk=0',
    // A way's output past its cap is refused by `ulimit -f` (EFBIG, not the SIGXFSZ that would
    // kill it and maybe dump core): ignored here, ignored in every program started below.
    "trap '' XFSZ; trap : USR1",
    // /proc/uptime ("12345.67 …", two decimals on every kernel) in centiseconds, without a fork.
    'hs_now() {',
    '  read -r hs_up hs_x < /proc/uptime',
    '  hs_t=${hs_up%.*}${hs_up#*.}; hs_t=${hs_t#"${hs_t%%[!0]*}"}; hs_t=${hs_t:-0}',
    '}',
    KILL_TREE_SH,
    // hs_gate K: opens the sender's gates up to K, in order. Each open blocks until the sender
    // (one `cat` reading every frame file and gate in order, started once) reaches that gate, so
    // it sends the frames behind a gate only once they are whole. Gates of ways that never ran
    // are opened too (the sender skips their files: they do not exist).
    'hs_gate() {',
    '  while [ "$hs_og" -lt "$1" ]; do hs_og=$((hs_og + 1)); hs_open "g.$hs_og"; done',
    '}',
    // hs_drop N: empties the files of the foreground ways up to N, which the sender has sent (a
    // gate after them is open): each small file holds a 4 KiB tmpfs page of the host's RAM until
    // the end otherwise (about 0.6 MiB for the catalogue's ways; bench/footprint). `true`, not
    // `:`: a redirection error on a special builtin would end the shell.
    'hs_drop() {',
    '  while [ "$hs_dk" -lt "$1" ]; do',
    '    hs_dk=$((hs_dk + 1))',
    '    [ -e "a.$hs_dk" ] || continue',
    '    for hs_f in a b o e; do true 2>/dev/null > "$hs_f.$hs_dk"; done',
    '  done',
    '}',
    // hs_claim N: true for the first of the watchdog (a timeout) and the reader (a way done) to
    // claim way N: noclobber makes the create atomic (O_EXCL), so the watchdog never kills the
    // reader once it is past its read, at a gate or on its next file.
    'hs_claim() {',
    '  set -C; { true > "c.$1"; } 2>/dev/null; hs_c=$?; set +C',
    '  return $hs_c',
    '}',
    // hs_open GATE: opens a gate for writing (blocking until the sender opens it for reading), and
    // again when a signal cut the open() short. busybox ash catches SIGCHLD without SA_RESTART:
    // a sampler (or the dead sender) ending while the main shell waits at a gate fails that open
    // with EINTR, and a redirection error on `:`, a special builtin, ends a POSIX shell. On
    // `true` (a regular builtin) it is only a failed command. A trapped TERM or HUP runs its
    // trap once the command fails, so a stop still ends the shell here. Bounded: 1000 tries.
    'hs_open() {',
    '  hs_j=0',
    '  until true 2>/dev/null > "$1"; do hs_j=$((hs_j + 1)); [ "$hs_j" -lt 1000 ] || return 1; done',
    '}',
    // hs_sweep: removes the scratch folders of collectors that can no longer be running (their
    // `expires` time, by /proc/uptime, is past): those a SIGKILL or a crash left on /dev/shm,
    // which hold host RAM (tmpfs) until the next boot. Only folders named like ours, owned by this
    // user, with an `expires` file; each collector writes its own (its deadline may differ from
    // ours) and its pid. A folder whose collector's pid is alive here is kept whatever its time:
    // clocks differ where /proc/uptime does (a time namespace; a test binding a file over it made a
    // collector at t=0, whose live folder another collector swept). Past its time and without a
    // live pid here it goes, as before (a collector in another pid namespace may share /dev/shm).
    // rm forks only when a stale folder is found.
    'hs_sweep() {',
    '  for hs_d in /dev/shm/hostsnap.*; do',
    '    [ "$hs_d" != "$hs_S" ] && [ -d "$hs_d" ] && [ ! -L "$hs_d" ] && [ -O "$hs_d" ] || continue',
    '    hs_ex=; hs_ep=; { read -r hs_ex hs_ep < "$hs_d/expires"; } 2>/dev/null',
    '    case $hs_ex in "" | *[!0-9]*) continue ;; esac',
    '    case $hs_ep in "" | *[!0-9]*) ;; *) [ -d "/proc/$hs_ep" ] && continue ;; esac',
    '    [ "$hs_t" -gt "$hs_ex" ] && rm -rf "$hs_d"',
    '  done',
    '  return 0',
    '}',
    // hs_gone PID: the process has ended (a zombie not yet reaped, or reaped).
    'hs_gone() {',
    '  { read -r hs_st < "/proc/$1/stat"; } 2>/dev/null || return 0',
    '  set -- ${hs_st##*) }',
    '  [ "$1" = Z ]',
    '}',
    // Every way out (the end, a stop: TERM from the controller, HUP when the connection drops)
    // sends what was collected before it removes the scratch folder. Signals are ignored from its
    // first line: dash and busybox ash run a trap still pending when the EXIT trap starts (a TERM
    // that cut a gate's open() short ends the shell through the EINTR error on `:`, with the TERM
    // then run inside the EXIT trap), and an `exit` there ends the shell at once, with the EXIT
    // trap already spent and the scratch folder left behind.
    'hs_cleanup() {',
    "  trap '' HUP INT TERM PIPE; trap - EXIT",
    '  [ -n "$hs_wd" ] && hs_killtree "$hs_wd"',
    '  if [ "$hs_done" != 1 ]; then for hs_p in $hs_cur $hs_bg; do hs_killtree "$hs_p"; done; fi',
    // A stop that cut `cmd & hs_x=$!` between its two commands (a trap runs between any two)
    // leaves a child whose pid was never recorded: a sender orphaned so would hold stdout open at
    // its first gate forever. Every child still there goes too (Linux 3.5+: the children file;
    // it has no trailing newline, so `read` fails but sets the variable).
    '  if [ "$hs_done" != 1 ]; then',
    '    hs_kids=; { read -r hs_kids < "/proc/$hs_main/task/$hs_main/children"; } 2>/dev/null',
    '    for hs_p in $hs_kids; do hs_killtree "$hs_p"; done',
    '  fi',
    // The frames already behind an open gate are sent; the sender waits at the next gate: end it.
    '  if [ -n "$hs_snd" ]; then kill "$hs_snd" 2>/dev/null; wait "$hs_snd" 2>/dev/null; fi',
    '  cd / 2>/dev/null',
    '  [ -n "$hs_S" ] && rm -rf "$hs_S"',
    '  if [ -n "$hs_S" ] && [ -d "$hs_S" ]; then hs_rm=0; else hs_rm=1; fi',
    '  printf \'%s bye removed=%s done=%s\\n\' "$M" "$hs_rm" "$hs_done"',
    '}',
    // The HUP, INT, TERM and PIPE traps: clean up, then exit. Never a bare `exit` in a trap: one
    // run by dash inside the EXIT trap would end the shell before the clean-up (see above); this
    // one does the whole clean-up first, whichever trap it interrupts.
    'hs_stop() {',
    '  hs_cleanup; exit "$1"',
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
    // The sender died (the connection is gone): the main shell may be blocked opening a gate no
    // one will read. Stop it (unless it is already at its end: `fin`), and open every gate
    // read-write, which never blocks and wakes a blocked writer.
    '    if [ -n "$hs_snd" ] && hs_gone "$hs_snd"; then',
    '      [ -f fin ] || kill -TERM "$hs_main" 2>/dev/null',
    '      for hs_g in g.*; do : <> "$hs_g"; done 2>/dev/null',
    '    fi',
    '    for hs_f in dl.*; do',
    '      { read -r hs_p hs_dl hs_k < "$hs_f"; } 2>/dev/null || continue',
    '      [ "$hs_p" -gt 0 ] || continue',
    '      if [ "$hs_t" -lt "$hs_dl" ]; then',
    '        [ "$hs_dl" -lt "$hs_wake" ] && hs_wake=$hs_dl',
    '        continue',
    '      fi',
    // Only a way still running and still ours: one that ended in time but is not reaped yet is
    // not timed out (a spawned sampler stays a zombie until the foreground is done, maybe past
    // its deadline), and a pid reaped meanwhile is no one's to kill.
    '      hs_waiter "$hs_p" || continue',
    '      if hs_claim "$hs_k"; then : > "to.$hs_k"; hs_killtree "$hs_p"; fi',
    '      kill -USR1 "$hs_q" 2>/dev/null; hs_wake=$((hs_t + 100))',
    '    done',
    '    hs_s=$(( (hs_wake - hs_t + 99) / 100 )); [ "$hs_s" -ge 1 ] || hs_s=1',
    '    sleep "$hs_s"',
    '  done',
    '}',
    // hs_begin SLOT ID WAY TIMEOUT_CS N GB GA: false (and a `skipped` frame) once the deadline has
    // passed. N numbers the way's files (fixed when the script is built: the sender's list names
    // them); GB and GA are the gates before its `beg` line and before its frame (0: a sampler,
    // whose files are sent at the end). A `skipped` line is followed by an empty `out` line: the
    // shared trailers (files z and y) after it then read as two empty blocks outside any frame.
    // Once its first gate is open, the files of the foreground ways before it are sent: emptied.
    'hs_begin() {',
    '  hs_slot=$1; hs_id=$2; hs_way=$3; hs_to=$4; hs_k=$5; hs_ga=$7',
    '  hs_o=o.$5; hs_e=e.$5; hs_a=a.$5',
    '  hs_now; hs_t0=$hs_t',
    '  if [ "$hs_t" -ge "$hs_end" ]; then',
    '    printf \'%s att %s %s skipped t0=%s\\n%s out\\n\' "$M" "$2" "$3" "$hs_t" "$M" > "$hs_a"; hs_skip=1; hs_gate "$7"; return 1',
    '  fi',
    '  hs_skip=0',
    '  printf \'%s beg %s %s t0=%s\\n\' "$M" "$2" "$3" "$hs_t" > "b.$5"',
    '  hs_gate "$6"',
    '  [ "$6" = 0 ] || hs_drop $(($5 - 1))',
    '}',
    // hs_wait PID: hands the way to the watchdog, then hs_reap.
    'hs_wait() {',
    '  echo "$1 $((hs_t0 + hs_to)) $hs_k" > "dl.$hs_slot"',
    '  hs_reap "$1"',
    '}',
    // hs_spawned PID: a sampler the main shell started itself (one without fallbacks needs no
    // subshell of its own to wait for it: one process less alive for the whole window): handed to
    // the watchdog now, reaped with its frame queued by hs_reaped once the foreground is done.
    'hs_spawned() {',
    '  echo "$1 $((hs_t0 + hs_to)) $hs_k" > "dl.$hs_slot"',
    '  hs_bg="$hs_bg $1"; hs_sv="$hs_sv $1,$hs_slot,$hs_id,$hs_way,$hs_t0,$hs_k"',
    '}',
    'hs_reaped() {',
    '  for hs_v in $hs_sv; do',
    '    hs_ifs=$IFS; IFS=,; set -- $hs_v; IFS=$hs_ifs',
    '    hs_slot=$2; hs_id=$3; hs_way=$4; hs_t0=$5; hs_k=$6; hs_a=a.$6; hs_ga=0',
    '    hs_reap "$1"',
    '  done',
    '}',
    // hs_reap PID: waits for way PID, queues its frames. `wait` also returns when USR1 cut it
    // short: the loop waits again unless the way is gone (reaped) or is still in D state after
    // the watchdog's kill (left behind: d=1). Its end time is when it was reaped: a spawned
    // sampler reaped after a foreground that outlasted the window reads longer than it ran.
    'hs_reap() {',
    '  hs_p=$1; hs_cur=$hs_p; hs_d=0; hs_i=0',
    '  while [ $hs_i -lt 100000 ]; do',
    '    wait "$hs_p"; hs_w=$?; hs_i=$((hs_i + 1))',
    '    { read -r hs_st < "/proc/$hs_p/stat"; } 2>/dev/null || break',
    '    hs_x=${hs_st##*) }; hs_x=${hs_x%% *}',
    '    if [ "$hs_x" = D ] && [ -f "to.$hs_k" ]; then hs_d=1; break; fi',
    '  done',
    '  hs_cur=; echo "0 0 0" > "dl.$hs_slot"',
    '  hs_now; hs_rc=$hs_w',
    '  if [ -f "to.$hs_k" ]; then hs_tout=1; else hs_tout=0; fi',
    // The frame: att, then an out and an err block, always both (empty ones too), so the reader
    // knows a frame is whole when its err block ends. The blocks' ends are the same for every
    // way: the sender reads them from two shared files, z and y.
    '  printf \'%s att %s %s rc=%s w=%s to=%s d=%s t0=%s t1=%s\\n%s out\\n\' "$M" "$hs_id" "$hs_way" "$hs_rc" "$hs_w" "$hs_tout" "$hs_d" "$hs_t0" "$hs_t" "$M" > "$hs_a"',
    '  hs_gate "$hs_ga"',
    '}',
    // The fallback rule: the next way runs only when this one printed nothing AND failed (exit
    // status not 0, or timed out): procps sysctl exits 1 with good output, and is kept.
    'hs_nothing() {',
    '  [ "$hs_skip" = 0 ] && [ ! -s "$hs_o" ] && { [ "$hs_tout" = 1 ] || [ "$hs_rc" != 0 ]; }',
    '}',
  ].join('\n');
}
