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

export interface ExecOptions {
  sourceId: string;
  timeoutMs: number;
  maxBytes: number;
  /** allocate a pseudo-terminal (slabtop -o waits for one). */
  tty?: boolean;
  /** prefix with `sudo -n` (never prompts: a password request is recorded as a denial). */
  sudo?: boolean;
}

export interface ExecOutput {
  result: CommandResult;
  stdout: Buffer;
}

export interface Transport {
  /** What the archive and report call this host before its own hostname is known. */
  readonly target: string;
  exec(command: string, options: ExecOptions): Promise<ExecOutput>;
  close(): Promise<void>;
}
