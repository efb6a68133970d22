// Shared by every transport and the collector: cap a stream at N bytes, and tell a missing tool
// or a refusal from its exit status and stderr.

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
// failed: Operation not permitted"), sudo -n without a rule ("sudo: a password is required"),
// and sudo with `Defaults requiretty` (RHEL before 7.x): "sudo: sorry, you must have a tty to run sudo".
const DENIED = /Permission denied|Operation not permitted|a password is required|not in the sudoers|may not run sudo|must have a tty/i;

/** A failed command's kind: absent from the host, or refused by it. */
export function classifyFailure(exitCode: number | null, stdoutBytes: number, stderr: string): { notFound: boolean; denied: boolean } {
  const failed = exitCode !== 0;
  return {
    notFound: failed && (exitCode === 127 || (stdoutBytes === 0 && NOT_FOUND.test(stderr))),
    denied: failed && DENIED.test(stderr),
  };
}
