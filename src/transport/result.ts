// Shared by every transport: cap a stream at N bytes, and turn an exit into a CommandResult.
import type { CommandResult, ExecOptions } from './types.js';

const STDERR_CAP = 4096;

/** Collects chunks up to `max` bytes; remembers whether more arrived. */
export class CappedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    if (this.size >= this.max) {
      if (chunk.length > 0) this.truncated = true;
      return;
    }
    const room = this.max - this.size;
    if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room));
      this.size += room;
      this.truncated = true;
    } else {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
  }

  get bytes(): number {
    return this.size;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

export function newStderrBuffer(): CappedBuffer {
  return new CappedBuffer(STDERR_CAP);
}

// sh prints "sh: 1: pidstat: not found" (dash), "bash: pidstat: command not found", busybox
// "sh: pidstat: not found"; exit status 127 in all of them.
const NOT_FOUND = /(command )?not found|No such file or directory/i;
// EACCES/EPERM from the tool, dmesg under kernel.dmesg_restrict ("dmesg: read kernel buffer
// failed: Operation not permitted"), and sudo -n without a rule ("sudo: a password is required").
const DENIED = /Permission denied|Operation not permitted|a password is required|not in the sudoers|may not run sudo/i;

export interface Exit {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
}

export function buildResult(
  command: string,
  options: ExecOptions,
  startedAt: Date,
  exit: Exit,
  stdout: CappedBuffer,
  stderr: CappedBuffer,
): CommandResult {
  const stderrText = stderr.toBuffer().toString('utf8');
  const failed = exit.exitCode !== 0;
  return {
    sourceId: options.sourceId,
    command,
    exitCode: exit.exitCode,
    signal: exit.signal,
    timedOut: exit.timedOut,
    truncated: stdout.truncated,
    notFound: failed && (exit.exitCode === 127 || (stdout.bytes === 0 && NOT_FOUND.test(stderrText))),
    denied: failed && DENIED.test(stderrText),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    bytes: stdout.bytes,
    stderr: stderrText,
  };
}
