// ssh_config ProxyCommand: the connection runs over a local command's stdin/stdout, as ssh does.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { TransportError } from '../errors.js';

// What the proxy prints on stderr is kept (capped) to explain a failed connection.
const STDERR_CAP = 2048;

export interface ProxyLink {
  sock: Duplex;
  /** stops the proxy command (by its pid) if it is still running */
  stop(): void;
  /**
   * After a failed connection: stops the proxy, waits (at most a second) for it to end and its
   * stderr to be read, and says how it ended, e.g. `ProxyCommand exited with status 1, saying: …`.
   */
  outcome(): Promise<string>;
}

// How long a failed connection waits for the proxy's last words.
const OUTCOME_WAIT_MS = 1000;

/**
 * Starts a ProxyCommand (tokens already expanded) like ssh: `exec` through /bin/sh -c, so the
 * command is the shell's own process and stopping its pid stops it. The command comes from the
 * operator's own ssh config, never from a host.
 */
export function startProxyCommand(label: string, command: string): ProxyLink {
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < STDERR_CAP) stderr += chunk.toString('utf8').slice(0, STDERR_CAP - stderr.length);
  });
  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin });
  child.once('error', (error) => sock.destroy(new TransportError(label, `ProxyCommand failed to start: ${error.message}`, { cause: error })));
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  sock.once('close', stop);
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const outcome = async (): Promise<string> => {
    stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => { timer = setTimeout(resolve, OUTCOME_WAIT_MS); })]);
    clearTimeout(timer);
    const how = child.exitCode !== null ? `exited with status ${child.exitCode}` : child.signalCode !== null ? `was ended by ${child.signalCode}` : 'did not end';
    const said = stderr.trim();
    return `ProxyCommand ${how}${said ? `, saying: ${said}` : ''}`;
  };
  return { sock, stop, outcome };
}
