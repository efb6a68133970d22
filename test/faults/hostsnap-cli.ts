// Runs the real hostsnap CLI against test sshd hosts, with a HOME of its own (~/.ssh/config, known_hosts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../helpers/paths.js';
import { configBlock, type SshdHost } from '../helpers/sshd.js';

type HostEntry = Pick<SshdHost, 'alias' | 'address' | 'port' | 'user' | 'clientKeyPath'> & { knownHostsFile?: string };

/** A HOME whose ~/.ssh knows these hosts by alias, and nothing else (no agent, no real keys). */
export function sshHome(home: string, hosts: HostEntry[]): string {
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.ssh', 'config'), hosts.map((h) => configBlock(h)).join('\n'));
  writeFileSync(join(home, '.ssh', 'known_hosts'), hosts.map((h) => (h.knownHostsFile ? readFileSync(h.knownHostsFile, 'utf8') : '')).join(''));
  return home;
}

export interface CliRun {
  child: ChildProcess;
  /** Settles when the process has exited: its code (null when killed), signal and output. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `node bin/hostsnap.js ARGS` with HOME=home; the caller stops it by child.pid if it must. */
export function runCli(home: string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, [repoPath('bin', 'hostsnap.js'), ...args], {
    env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
