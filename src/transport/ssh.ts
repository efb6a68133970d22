// The SSH transport: one connection (ssh-connect.ts), the collector script in one session on it,
// and a second session only to kill a collector that overstays its deadline.
import type { ClientChannel, Client as ClientType } from 'ssh2';
import { TransportError } from '../errors.js';
import { killTreeScript } from './kill-tree.js';
import { CappedBuffer, newStderrBuffer } from './result.js';
import { wrapCommand } from './shell.js';
import { connectHops, type SshOptions } from './ssh-connect.js';
import type { UnverifiedHostKey } from './host-keys.js';
import type { ResolvedTarget } from './ssh-config.js';
import type { RunningScript, ScriptOptions, ScriptRun, Transport } from './types.js';

export type { SshOptions };

export interface SshTransport extends Transport {
  readonly resolved: ResolvedTarget;
  /** what authentication skipped or noticed (encrypted keys without passphrase, missing files) */
  readonly notes: string[];
  /** host keys let in without verification (-o StrictHostKeyChecking=no): the manifest and report must say so */
  readonly unverifiedHostKeys: UnverifiedHostKey[];
}

// How long a close may take before the connection is given up as closed, how long the kill
// session may run, and how long a stopped collector's session gets to end by itself.
const CLOSE_GRACE_MS = 3000;
const KILL_SESSION_MS = 5000;
const STOP_GRACE_MS = 2000;
// A channel that ended without an exit status: how long to wait for the connection's own close
// event before calling it a live channel that simply gave none.
const LOST_CONNECTION_WAIT_MS = 300;

/**
 * ssh2 calls exec's callback from inside its packet parser, and goes on to handle the packets of
 * the same socket read: a command that ends at once has its exit-status in that read, and ssh2
 * emits its one-time 'exit' event right then. Listeners attached after an `await` miss it (that
 * was the "channel closed without an exit status" of OpenSSH 9.2 under load: sshd had sent it).
 * So `attach` runs inside the callback, before anything else can happen.
 */
function openSession(client: ClientType, command: string, attach: (channel: ClientChannel) => void): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, {}, (error, channel) => {
      if (error) return reject(error);
      attach(channel);
      resolve(channel);
    });
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
    readonly unverifiedHostKeys: UnverifiedHostKey[],
  ) {
    for (const client of clients) client.once('close', () => this.closed.add(client));
  }

  private get client(): ClientType {
    return this.clients[this.clients.length - 1];
  }

  private async open(command: string, what: string, attach: (channel: ClientChannel) => void): Promise<ClientChannel> {
    if (this.closed.has(this.client)) throw new TransportError(this.target, `cannot start ${what}: the connection is closed`);
    try {
      const channel = await openSession(this.client, command, attach);
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
    let stopping = false;
    let settled = false;
    const done = (async (): Promise<ScriptRun> => {
      let exitCode: number | null = null;
      let ended!: () => void;
      const closed = new Promise<void>((resolve) => { ended = resolve; });
      channel = await this.open('sh -s', 'the collector', (session) => {
        session.on('data', (chunk: Buffer) => stdout.push(chunk));
        session.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        session.on('exit', (code: number | null) => { exitCode = code ?? null; });
        // ssh2 closes every channel when the connection goes, so this also ends a stop below.
        session.on('close', () => ended());
      });
      channel.end(script);
      await closed;
      // A stop of ours that had to end the connection is not a lost connection: the caller
      // reads what arrived (the frames say how far the collector got).
      if (exitCode === null && !stopping) await this.failIfLost('the collector');
      return { stdout: stdout.toBuffer(), stderr: stderr.toBuffer().toString('utf8'), exitCode };
    })().finally(() => { settled = true; });
    const until = (ms: number): Promise<void> => Promise.race([done.then(() => undefined, () => undefined), pause(ms)]);
    return {
      done,
      received: () => stdout.toBuffer(),
      stop: async (pid: number | null) => {
        stopping = true;
        if (pid !== null) await this.killTree(pid, options.sudo).catch(() => undefined);
        await until(STOP_GRACE_MS);
        const open = channel as ClientChannel | null;
        if (!settled && open) open.close();
        await until(CLOSE_GRACE_MS);
        // sshd answers a channel close only once the session's processes let go of its pipes: a
        // login that never started the script (an rc file or PAM module that blocks, pid
        // unknown) or a way in D state never does. Ending the connection is the last resort.
        if (!settled) await this.endConnection();
        await done.catch(() => undefined);
      },
    };
  }

  /** Ends the target's connection (a disconnect, then the socket itself if that is not enough). */
  private async endConnection(): Promise<void> {
    const client = this.client;
    if (this.closed.has(client)) return;
    const gone = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.end();
    await Promise.race([gone, pause(CLOSE_GRACE_MS)]);
    if (!this.closed.has(client)) client.destroy();
    await Promise.race([gone, pause(CLOSE_GRACE_MS)]);
  }

  /** A session of its own that kills PID's tree (through sudo -n too, for root probes). */
  private async killTree(pid: number, sudo: boolean): Promise<void> {
    const script = killTreeScript(pid);
    const command = sudo ? `${wrapCommand(script, { sudo: true })} 2>/dev/null || ${wrapCommand(script, {})}` : wrapCommand(script, {});
    let ended!: () => void;
    const closed = new Promise<void>((resolve) => { ended = resolve; });
    const killer = await this.open(command, `the kill of the collector (pid ${pid})`, (session) => {
      session.resume();
      session.stderr.resume();
      session.on('close', () => ended());
    });
    const timer = setTimeout(() => { killer.close(); ended(); }, KILL_SESSION_MS);
    await closed;
    clearTimeout(timer);
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
  const { resolved, notes, clients, unverified } = await connectHops(target, options);
  return new SshConnection(target, resolved, notes, clients, unverified);
}
