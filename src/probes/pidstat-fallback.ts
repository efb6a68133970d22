// The /proc sampler that stands in for pidstat where sysstat is not installed (minimal installs).
import { SAMPLE_SECONDS } from './window.js';

/**
 * POSIX sh (dash, busybox ash; no bashisms). Two samples of every /proc/PID/stat line and of
 * /proc/PID/io's read_bytes/write_bytes, SAMPLE_SECONDS apart. The output format is a contract
 * with the pidstat parser (`#hostsnap-pidstat-fallback v1`); change both together:
 *
 *   #hostsnap-pidstat-fallback v1 clk_tck=100 pagesize=4096
 *   @sample 12345.67
 *   1 (systemd) S 0 1 1 0 -1 4194560 ...        one raw /proc/PID/stat line per process
 *   @io 1 1234567 890                           pid read_bytes write_bytes; only when readable
 *   @sample 12350.68
 *   ...                                          second sample, same shape
 *
 * /proc/PID/io is readable only by the process owner or root (ptrace access mode), so as an
 * ordinary user most @io lines are missing: that is what the format's "omitted" means. Processes
 * that exit between the glob and the read are skipped silently (errors go to /dev/null).
 * getconf is absent on busybox systems: CLK_TCK 100 and 4 KiB pages are the defaults there.
 */
export const PIDSTAT_FALLBACK_SCRIPT = [
  'tck=$(getconf CLK_TCK 2>/dev/null); pg=$(getconf PAGESIZE 2>/dev/null)',
  'echo "#hostsnap-pidstat-fallback v1 clk_tck=${tck:-100} pagesize=${pg:-4096}"',
  'hostsnap_sample() {',
  '  read -r up rest < /proc/uptime',
  '  echo "@sample $up"',
  '  for d in /proc/[0-9]*; do',
  '    { read -r line < "$d/stat" && printf \'%s\\n\' "$line"; } 2>/dev/null',
  '  done',
  '  for d in /proc/[0-9]*; do',
  '    rb=; wb=',
  '    { while read -r k v; do',
  '        case $k in read_bytes:) rb=$v ;; write_bytes:) wb=$v ;; esac',
  '      done < "$d/io"; } 2>/dev/null',
  '    if [ -n "$rb" ] && [ -n "$wb" ]; then echo "@io ${d#/proc/} $rb $wb"; fi',
  '  done',
  '}',
  `hostsnap_sample; sleep ${SAMPLE_SECONDS}; hostsnap_sample`,
  'exit 0',
].join('\n');
