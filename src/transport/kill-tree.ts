// The POSIX sh function that kills a process and every descendant, shared by the collector
// script's watchdog and the controller's last-resort kill through a second session.

/**
 * `hs_killtree PID`: stops PID, finds its descendants generation by generation (stopping each
 * as it is found, so none forks away meanwhile), then SIGKILLs them all. Bounded to 8
 * generations. A script without job control cannot give its probes process groups of their
 * own, and `setsid` is not on every host. A process in D state ignores SIGKILL: the caller must
 * not wait on it (the collector moves on). Only builtins (read, set, case), so a host at its
 * process limit can still run it.
 *
 * Children come from /proc/PID/task/TID/children (Linux 3.5+, CONFIG_PROC_CHILDREN: Debian,
 * RHEL 7+ and Ubuntu enable it): one short line per thread. Without it, every /proc/N/stat is
 * read for its parent link: dash and ash `read` one byte per syscall, so on a host with 1,000
 * processes one walk costs ~300,000 syscalls, which bench/fleet measured as most of the
 * collector's own CPU when the watchdog was stopped that way at every collector's end. The
 * children file has no trailing newline: `read` fails at its end but has set the variable.
 */
export const KILL_TREE_SH = [
  'hs_killtree() {',
  '  kill -STOP "$1" 2>/dev/null',
  '  hs_all=$1; hs_gen=" $1 "; hs_i=0; hs_pc=',
  '  for hs_c in /proc/self/task/*/children; do [ -r "$hs_c" ] && hs_pc=1; break; done',
  '  while [ "$hs_gen" != " " ] && [ $hs_i -lt 8 ]; do',
  '    hs_next=" "',
  '    if [ -n "$hs_pc" ]; then',
  '      for hs_g in $hs_gen; do',
  '        for hs_c in /proc/$hs_g/task/*/children; do',
  '          hs_st=; { read -r hs_st < "$hs_c"; } 2>/dev/null',
  '          [ -n "$hs_st" ] && hs_next="$hs_next$hs_st "',
  '        done',
  '      done',
  '    else',
  '      for hs_d in /proc/[0-9]*; do',
  '        { read -r hs_st < "$hs_d/stat"; } 2>/dev/null || continue',
  '        set -- ${hs_st##*) }', // after "pid (comm) ": state ppid …
  '        case $hs_gen in *" $2 "*) hs_next="$hs_next${hs_d#/proc/} " ;; esac',
  '      done',
  '    fi',
  '    [ "$hs_next" != " " ] && kill -STOP $hs_next 2>/dev/null',
  '    hs_all="$hs_all$hs_next"; hs_gen=$hs_next; hs_i=$((hs_i + 1))',
  '  done',
  '  kill -9 $hs_all 2>/dev/null',
  '  return 0',
  '}',
].join('\n');

/**
 * A whole script that stops the collector PID: TERM first, which its trap turns into a clean
 * exit (the way it waits for killed, the frames collected so far sent, the scratch folder
 * removed); then, up to 3 s later, PID's whole tree by SIGKILL whatever it did.
 */
export function killTreeScript(pid: number): string {
  if (!Number.isInteger(pid) || pid < 2) throw new Error(`not a pid to kill: ${pid}`);
  return [
    KILL_TREE_SH,
    `kill -TERM ${pid} 2>/dev/null`,
    `hs_i=0; while [ $hs_i -lt 3 ] && kill -0 ${pid} 2>/dev/null; do sleep 1; hs_i=$((hs_i + 1)); done`,
    `hs_killtree ${pid}`,
    '',
  ].join('\n');
}
