// The shape of a probe: a declaration of what to collect, with no control flow of its own.

export interface ProbeCommand {
  /** A POSIX sh command line, run as is on the host. Host tools and /proc only. */
  run: string;
  /** Why this way exists (shown by `hostsnap probes` for fallbacks). */
  note?: string;
}

export interface Probe {
  /** The source id: names the raw file (raw/ID.txt), the parser's source, the fixtures folder. */
  id: string;
  /** Area of the catalogue: memory, processes, kernel, io, system. */
  area: string;
  /** One line on what the output tells. */
  description: string;
  /** The first way to collect it. */
  command: ProbeCommand;
  /**
   * Tried in order when the previous way was missing, denied or failed; the manifest records
   * which way the data came (`via`).
   */
  fallbacks?: ProbeCommand[];
  timeoutMs: number;
  maxBytes: number;
  /** Output is only complete as root: with --sudo it runs through `sudo -n`. */
  needsRoot?: boolean;
  /**
   * Runs after every other probe, once the samplers have ended: ps (reads /proc/PID/cmdline, which
   * waits on a process's mmap lock and can hang behind a stuck one) and the log readers
   * (journalctl is heavy in memory, kept apart from pidstat and vmstat).
   */
  late?: boolean;
  /**
   * Another probe that collects the same data when this one gets nothing (slabtop -> proc-slabinfo):
   * recorded in the manifest instead of running the same read twice.
   */
  coveredBy?: string;
  /** A sampling probe takes this long by design; sampling probes run concurrently. */
  sampleSeconds?: number;
}
