// The kernel: what it is (uname), how it is tuned (sysctl) and what it said (dmesg, kernel log).
import { MiB } from '../format/numbers.js';
import { defineProbes } from './define.js';

/** Lines of a log file kept: enough for days of kernel messages, bounded by the 4 MiB cap. */
const LOG_LINES = 20_000;
const LOG_CAP = 4 * MiB;
const LOG_TIMEOUT_MS = 20_000;
/**
 * The log readers run after the sampling window (with ps): journalctl, their fallback on
 * journald-only hosts, holds ~0.9 MiB of anonymous memory, the most after ps (bench/footprint),
 * and alive at once with pidstat and vmstat it made the snapshot's peak on the host.
 */
const LOG_READERS_LATE = true;

/** The vm.* knobs rules read, plus the panic switches (panic instead of kill on OOM). */
const SYSCTL_KEYS = 'vm kernel.panic kernel.panic_on_oops kernel.dmesg_restrict';

/** /proc/sys files as `key = value`: hosts without a sysctl binary (busybox without the applet). */
const SYSCTL_FROM_PROC = [
  'for f in /proc/sys/vm/* /proc/sys/kernel/panic /proc/sys/kernel/panic_on_oops /proc/sys/kernel/dmesg_restrict; do',
  '  [ -f "$f" ] && [ -r "$f" ] || continue',
  '  v=$(cat "$f" 2>/dev/null) || continue',
  '  k=${f#/proc/sys/}',
  '  echo "$(echo "$k" | tr / .) = $v"',
  'done',
].join('\n');

export default defineProbes('kernel', [
  {
    // With kernel.dmesg_restrict=1 (Debian 9+, RHEL 8+, this machine) only root may read the ring
    // buffer: "dmesg: read kernel buffer failed: Operation not permitted". Then the journal's
    // kernel messages for this boot, then the boot-time copy some distributions keep. The ring
    // buffer (CONFIG_LOG_BUF_SHIFT 17-18: 128-256 KiB) stays far below the cap.
    id: 'dmesg',
    description: 'The kernel ring buffer: OOM reports, allocation failures, hung tasks.',
    run: 'dmesg',
    fallbacks: [
      { run: 'journalctl -q -k -b --no-pager -o short', note: 'dmesg refused (kernel.dmesg_restrict=1) or missing: the journal (-q: without it, a user the journal is closed to gets "-- No entries --" and exit 0)' },
      { run: 'cat /var/log/dmesg', note: 'no journal: the boot-time copy of the ring buffer (sysvinit, RHEL)' },
    ],
    needsRoot: true,
    timeoutMs: LOG_TIMEOUT_MS,
    maxBytes: LOG_CAP,
    late: LOG_READERS_LATE,
  },
  {
    // The log files outlive reboots and ring buffer wrap; Debian keeps kern.log (0640 root:adm),
    // RHEL /var/log/messages (0600), journald-only hosts neither.
    id: 'kern-log',
    description: `The last ${LOG_LINES} lines of the persistent kernel log.`,
    run: `tail -n ${LOG_LINES} /var/log/kern.log`,
    fallbacks: [
      { run: `tail -n ${LOG_LINES} /var/log/messages`, note: 'no kern.log: syslog\'s messages (RHEL, SUSE)' },
      { run: `journalctl -q -k --no-pager -n ${LOG_LINES}`, note: 'no log files: the journal across boots' },
    ],
    needsRoot: true,
    timeoutMs: LOG_TIMEOUT_MS,
    maxBytes: LOG_CAP,
    late: LOG_READERS_LATE,
  },
  {
    // As an ordinary user procps sysctl exits 1 with "permission denied on key 'vm.stat_refresh'"
    // and still prints the rest: the output is kept.
    id: 'sysctl',
    description: 'vm.* tunables and the kernel.panic* switches, as key = value.',
    run: `sysctl ${SYSCTL_KEYS}`,
    fallbacks: [{ run: SYSCTL_FROM_PROC, note: 'no sysctl binary: /proc/sys/vm/* and the panic files read directly' }],
  },
  {
    id: 'uname',
    description: 'Kernel name, host name, release, version and machine (i686 = 32-bit).',
    run: 'uname -a',
  },
]);
