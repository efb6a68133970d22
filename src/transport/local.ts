// The local transport: the machine hostsnap runs on, through /bin/sh, without SSH.
import { spawn, type ChildProcess } from 'node:child_process';
import { buildResult, CappedBuffer, newStderrBuffer } from './result.js';
import { wrapCommand } from './shell.js';
import type { ExecOptions, ExecOutput, Transport } from './types.js';

/**
 * No pty here: stdin is /dev/null, so a tty probe (slabtop -o) reads EOF at once instead of
 * waiting on a terminal that will never type. Each command leads its own process group, so a
 * timeout kills the whole pipeline (sh, and what it started), not just sh.
 */
export function localTransport(target = 'local'): Transport {
  const running = new Set<ChildProcess>();

  function kill(child: ChildProcess): void {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone between the check and the kill
    }
  }

  return {
    target,
    exec(command: string, options: ExecOptions): Promise<ExecOutput> {
      const startedAt = new Date();
      const stdout = new CappedBuffer(options.maxBytes);
      const stderr = newStderrBuffer();
      const child = spawn('/bin/sh', ['-c', wrapCommand(command, { sudo: options.sudo })], {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      running.add(child);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        kill(child);
      }, options.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      return new Promise((resolve) => {
        const finish = (exitCode: number | null, signal: string | null): void => {
          clearTimeout(timer);
          running.delete(child);
          const result = buildResult(command, options, startedAt, { exitCode, signal, timedOut }, stdout, stderr);
          resolve({ result, stdout: stdout.toBuffer() });
        };
        // spawn itself failing (no /bin/sh) is a result too: exit 127 says "not found".
        child.on('error', (error) => {
          stderr.push(Buffer.from(String(error)));
          finish(127, null);
        });
        child.on('close', (code, signal) => finish(code, signal));
      });
    },
    async close(): Promise<void> {
      for (const child of running) kill(child);
    },
  };
}
