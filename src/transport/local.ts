// The local transport: the machine hostsnap runs on, the collector script fed to /bin/sh -s, no SSH.
import { spawn, type ChildProcess } from 'node:child_process';
import { TransportError } from '../errors.js';
import { CappedBuffer, newStderrBuffer } from './result.js';
import type { RunningScript, ScriptOptions, ScriptRun, Transport } from './types.js';

/**
 * The same script and the same path as over SSH (`shell`: the argv that runs a POSIX sh, e.g.
 * ['busybox', 'sh'] in tests). The shell leads its own process group
 * (detached), so stopping it kills every probe and sampler it started, whatever the pid says.
 */
/** How long a stopped collector gets to exit by itself before its process group is killed. */
const TERM_GRACE_MS = 3000;

export function localTransport(target = 'local', shell: readonly string[] = ['/bin/sh']): Transport {
  const running = new Set<ChildProcess>();

  function killGroup(child: ChildProcess): void {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone between the check and the kill
    }
  }

  return {
    target,
    sessions: 0,
    runScript(script: string, options: ScriptOptions): RunningScript {
      const stdout = new CappedBuffer(options.maxBytes);
      const stderr = newStderrBuffer();
      const child = spawn(shell[0], [...shell.slice(1), '-s'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      running.add(child);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      // A shell that exits before reading all of its script closes the pipe: not our error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(script);
      const done = new Promise<ScriptRun>((resolve, reject) => {
        child.once('error', (error) => {
          running.delete(child);
          reject(new TransportError(target, `cannot start ${shell.join(' ')}: ${error.message}`, { cause: error }));
        });
        child.once('close', (code) => {
          running.delete(child);
          resolve({ stdout: stdout.toBuffer(), stderr: stderr.toBuffer().toString('utf8'), exitCode: code });
        });
      });
      return {
        done,
        received: () => stdout.toBuffer(),
        async stop() {
          // As over SSH (kill-tree.ts): TERM lets the collector send what it has and clean up.
          if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await Promise.race([done.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, TERM_GRACE_MS))]);
          killGroup(child);
          await done.catch(() => undefined);
        },
      };
    },
    async close(): Promise<void> {
      for (const child of running) killGroup(child);
    },
  };
}
