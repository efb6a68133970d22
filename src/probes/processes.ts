// Processes: who holds the memory and the CPU (ps), and who did what over the window (pidstat).
import { defineProbes } from './define.js';
import { PIDSTAT_FALLBACK_SCRIPT } from './pidstat-fallback.js';
import { SAMPLE_SECONDS, SAMPLE_TIMEOUT_MS } from './window.js';

/**
 * The fixed ps columns, in this order (the ps parser reads them by position): pid, ppid, user,
 * stat, rss (kB), vsz (kB), pcpu, pmem, etime ([[dd-]hh:]mm:ss), comm (15-char name), args
 * (last, because it holds spaces).
 */
export const PS_COLUMNS = ['pid', 'ppid', 'user', 'stat', 'rss', 'vsz', 'pcpu', 'pmem', 'etime', 'comm', 'args'];

/** The same columns minus those busybox ps lacks (pcpu, pmem, etime), in the same order. */
export const BUSYBOX_PS_COLUMNS = PS_COLUMNS.filter((c) => !['pcpu', 'pmem', 'etime'].includes(c));

export default defineProbes('processes', [
  {
    // sysstat is absent on minimal installs (Debian/Ubuntu cloud images, containers): then two
    // /proc samples over the same window stand in, in a format of our own (pidstat-fallback.ts).
    id: 'pidstat',
    description: 'Per-process CPU (-u), memory faults/RSS (-r) and disk I/O (-d), one report a second.',
    run: `pidstat -dru 1 ${SAMPLE_SECONDS}`,
    fallbacks: [{ run: PIDSTAT_FALLBACK_SCRIPT, note: 'pidstat missing: two samples of /proc/PID/stat and /proc/PID/io' }],
    timeoutMs: SAMPLE_TIMEOUT_MS,
    sampleSeconds: SAMPLE_SECONDS,
  },
  {
    id: 'ps',
    late: true,
    description: `Every process with the fixed columns ${PS_COLUMNS.join(',')}.`,
    run: `ps -eo ${PS_COLUMNS.join(',')}`,
    // busybox ps lists every process without -e and rejects it ("ps: invalid option -- 'e'"),
    // and knows only some -o names (1.35: user,group,comm,args,pid,ppid,pgid,nice,rgroup,ruser,
    // tty,vsz,sid,stat,rss; no pcpu, pmem, etime); builds without -o print PID USER VSZ STAT COMMAND.
    fallbacks: [
      { run: `ps -o ${BUSYBOX_PS_COLUMNS.join(',')}`, note: 'busybox ps: no -e, no pcpu/pmem/etime columns' },
      { run: 'ps', note: 'busybox ps without -o: PID USER VSZ STAT COMMAND' },
    ],
  },
]);
