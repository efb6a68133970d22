// What every transport (ssh2, local) offers: run one command, get its output and a CommandResult.

/**
 * A command's outcome. A failure is data with the same shape as a success, never an exception:
 * a missing tool, a denial and a timeout are all recorded and the collection goes on.
 */
export interface CommandResult {
  sourceId: string;
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** stdout was longer than the cap and was cut there. */
  truncated: boolean;
  /** exit 127 or "not found": the tool is absent on the host. */
  notFound: boolean;
  /** the host refused (permission denied, sudo -n asked for a password, dmesg_restrict…). */
  denied: boolean;
  startedAt: string;
  durationMs: number;
  /** bytes of stdout kept (after the cap). */
  bytes: number;
  /** stderr, capped to a few kB. */
  stderr: string;
}

/** What a finished (or stopped) collector session gave back. */
export interface ScriptRun {
  /** The script's stdout (framed), capped at the run's maxBytes. */
  stdout: Buffer;
  /** What the shell itself printed on stderr (rc-file noise, a syntax error), capped. */
  stderr: string;
  /** The shell's exit status; null when the session ended without one. */
  exitCode: number | null;
}

export interface ScriptOptions {
  /** Cap on the script's whole stdout (the sum of the probes' caps, and some). */
  maxBytes: number;
  /** With --sudo: the last-resort kill also runs through `sudo -n` (root probes' processes). */
  sudo: boolean;
}

/** One collector script running on a host. */
export interface RunningScript {
  /** Settles when the session ends; rejects with a TransportError when the connection is lost. */
  readonly done: Promise<ScriptRun>;
  /** stdout received so far (to find the script's pid in its hello frame). */
  received(): Buffer;
  /**
   * Last resort when the script overstays its deadline: kills the script's process tree on the
   * host (pid from its hello frame, when it printed one), then ends the session; `done` settles.
   */
  stop(pid: number | null): Promise<void>;
}

export interface Transport {
  /** What the archive and report call this host before its own hostname is known. */
  readonly target: string;
  /** SSH sessions opened so far on this transport (0 for the local one). */
  readonly sessions: number;
  /** Feeds a POSIX sh script to `sh -s` on the host, in one session. */
  runScript(script: string, options: ScriptOptions): RunningScript;
  close(): Promise<void>;
}
