// Test servers (RT, Redmine, exim): one private daemon spawned, waited on until it listens, stopped by its pid.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';

export const run = promisify(execFile);

export { freePort } from '../helpers/sshd.js';

function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export interface Daemon {
  pid: number;
  port: number;
  /** The daemon's last 64 KiB of stdout and stderr, for failure messages. */
  log(): string;
  /** SIGSTOP/SIGCONT: a server that accepts connections and never answers (the "slow" case). */
  freeze(): void;
  thaw(): void;
  /** SIGTERM, SIGKILL after 15 s if still there; resolves when it has exited. */
  stop(): Promise<void>;
}

/** Spawns argv and waits, bounded by readyMs, until address:port accepts a connection. */
export async function startDaemon(argv: string[], options: { port: number; address?: string; env?: NodeJS.ProcessEnv; cwd?: string; readyMs: number }): Promise<Daemon> {
  const address = options.address ?? '127.0.0.1';
  const child: ChildProcess = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => { output = (output + chunk.toString('utf8')).slice(-65536); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => { output += String(error); resolve(); });
  }).then(() => { gone = true; });
  const pid = child.pid ?? -1;
  const stop = async (): Promise<void> => {
    if (gone) return;
    process.kill(pid, 'SIGCONT'); // a frozen daemon cannot act on SIGTERM
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => { if (!gone) process.kill(pid, 'SIGKILL'); }, 15_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + options.readyMs;
  while (!(await canConnect(address, options.port))) {
    if (gone || Date.now() > deadline) {
      await stop();
      throw new Error(`${argv.join(' ')} did not listen on ${address}:${options.port}${gone ? ' (it exited)' : ` within ${options.readyMs} ms`}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid, port: options.port, log: () => output, stop,
    freeze: () => process.kill(pid, 'SIGSTOP'),
    thaw: () => process.kill(pid, 'SIGCONT'),
  };
}
