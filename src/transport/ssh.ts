// The SSH transport: one connection (ssh-connect.ts), the collector script in one session on it,
// and a second session only to kill a collector that overstays its deadline.
import type { ClientChannel, Client as ClientType } from 'ssh2';
import { TransportError } from '../errors.js';
import { killTreeScript } from './kill-tree.js';
import { CappedBuffer, newStderrBuffer } from './result.js';
import { wrapCommand } from './shell.js';
import { connectHops, type SshOptions } from './ssh-connect.js';
import type { ResolvedTarget } from './ssh-config.js';
import type { RunningScript, ScriptOptions, ScriptRun, Transport } from './types.js';

export type { SshOptions };

export interface SshTransport extends Transport {
  readonly resolved: ResolvedTarget;
  /** what authentication skipped or noticed (encrypted keys without passphrase, missing files) */
  readonly notes: string[];
}

// How long a close may take before the connection is given up as closed, how long the kill
// session may run, and how long a stopped collector's session gets to end by itself.
const CLOSE_GRACE_MS = 3000;
const KILL_SESSION_MS = 5000;
const STOP_GRACE_MS = 2000;
// A channel that ended without an exit status: how long to wait for the connection's own close
// event before calling it a live channel that simply gave none.
const LOST_CONNECTION_WAIT_MS = 300;

function openSession(client: ClientType, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, {}, (error, channel) => (error ? reject(error) : resolve(channel)));
  });
}

class SshConnection implements SshTransport {
  sessions = 0;
  private readonly closed = new Set<ClientType>();
  constructor(
    readonly target: string,
    readonly resolved: ResolvedTarget,
    readonly notes: string[],
    private readonly clients: ClientType[], // jumps first, the target last
  ) {
    for (const client of clients) client.once('close', () => this.closed.add(client));
  }

  private get client(): ClientType {
    return this.clients[this.clients.length - 1];
  }

  private async open(command: string, what: string): Promise<ClientChannel> {
    if (this.closed.has(this.client)) throw new TransportError(this.target, `cannot start ${what}: the connection is closed`);
    try {
      const channel = await openSession(this.client, command);
      this.sessions++;
      return channel;
    } catch (error) {
      throw new TransportError(this.target, `cannot start ${what}: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * `sh -s` reads the script from the session's stdin, so neither the script nor its marker is
   * in any argv on the host. The login shell starts it (`$SHELL -c 'sh -s'`), which is why a
   * noisy rc file's output can precede the frames (the frame reader keeps it apart).
   */
  runScript(script: string, options: ScriptOptions): RunningScript {
    const stdout = new CappedBuffer(options.maxBytes);
    const stderr = newStderrBuffer();
    let channel: ClientChannel | null = null;
    const done = (async (): Promise<ScriptRun> => {
      channel = await this.open('sh -s', 'the collector');
      const session = channel;
      let exitCode: number | null = null;
      await new Promise<void>((resolve) => {
        session.on('data', (chunk: Buffer) => stdout.push(chunk));
        session.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        session.on('exit', (code: number | null) => { exitCode = code ?? null; });
        session.on('close', () => resolve());
        session.end(script);
      });
      if (exitCode === null) await this.failIfLost('the collector');
      return { stdout: stdout.toBuffer(), stderr: stderr.toBuffer().toString('utf8'), exitCode };
    })();
    return {
      done,
      received: () => stdout.toBuffer(),
      stop: async (pid: number | null) => {
        if (pid !== null) await this.killTree(pid, options.sudo).catch(() => undefined);
        await Promise.race([done.catch(() => undefined), pause(STOP_GRACE_MS)]);
        const open = channel as ClientChannel | null;
        if (open) open.close();
        await done.catch(() => undefined);
      },
    };
  }

  /** A session of its own that kills PID's tree (through sudo -n too, for root probes). */
  private async killTree(pid: number, sudo: boolean): Promise<void> {
    const script = killTreeScript(pid);
    const command = sudo ? `${wrapCommand(script, { sudo: true })} 2>/dev/null || ${wrapCommand(script, {})}` : wrapCommand(script, {});
    const killer = await this.open(command, `the kill of the collector (pid ${pid})`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { killer.close(); resolve(); }, KILL_SESSION_MS);
      killer.resume();
      killer.stderr.resume();
      killer.on('close', () => { clearTimeout(timer); resolve(); });
    });
  }

  /**
   * A session ended without an exit status. Either the connection went away (its close event
   * follows within moments: thrown as a lost connection), or sshd gave none on a live channel:
   * then the frames themselves say whether the script finished (its `bye`).
   */
  private async failIfLost(what: string): Promise<void> {
    if (!this.closed.has(this.client)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, LOST_CONNECTION_WAIT_MS);
        this.client.once('close', () => { clearTimeout(timer); resolve(); });
      });
    }
    if (this.closed.has(this.client)) throw new TransportError(this.target, `connection lost while ${what} ran`);
  }

  async close(): Promise<void> {
    for (const client of [...this.clients].reverse()) {
      if (this.closed.has(client)) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_GRACE_MS);
        client.once('close', () => { clearTimeout(timer); resolve(); });
        client.end();
      });
    }
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects (ssh-connect.ts) and returns the transport that runs the collector on that connection. */
export async function connectSsh(target: string, options: SshOptions): Promise<SshTransport> {
  const { resolved, notes, clients } = await connectHops(target, options);
  return new SshConnection(target, resolved, notes, clients);
}
