// The SSH transport (ssh2): connect like OpenSSH (config, known_hosts, agent/keys, ProxyJump), exec with caps.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, ClientChannel, ConnectConfig, ParsedKey, PseudoTtyOptions, Client as ClientType } from 'ssh2';
import { HostKeyError, TransportError, UsageError } from '../errors.js';
import { defaultKnownHostsFile, knownKeyTypes, verifyHostKey } from './host-keys.js';
import { buildResult, CappedBuffer, newStderrBuffer } from './result.js';
import { wrapCommand } from './shell.js';
import { resolveTarget, type ResolvedHost, type ResolvedTarget } from './ssh-config.js';
import { hostPortName } from './target.js';
import type { ExecOptions, ExecOutput, Transport } from './types.js';

const { Client, utils } = ssh2;

export interface SshOptions {
  /** a private key tried after the agent and before the config's IdentityFile (like ssh -i) */
  identity?: string;
  /** append the key of a host not yet in known_hosts (never replaces a changed key) */
  acceptNew?: boolean;
  /** default ~/.ssh/known_hosts */
  knownHostsFile?: string;
  /** default ~/.ssh/config */
  sshConfigFile?: string;
  /** TCP connect + handshake + authentication, per hop; default 10 000 ms */
  connectTimeoutMs?: number;
  /** ssh-agent socket; default $SSH_AUTH_SOCK; null: no agent */
  agentSocket?: string | null;
}

export interface SshTransport extends Transport {
  readonly resolved: ResolvedTarget;
  /** what authentication skipped or noticed (encrypted keys without passphrase, missing files) */
  readonly notes: string[];
}

// OpenSSH's MaxSessions defaults to 10 channels per connection: commands get 8 (more are
// queued, not refused), which leaves room for the channels that kill timed-out commands.
const MAX_CHANNELS = 8;
// A pty merges stderr into stdout; this is said in the result's stderr (with the output's tail
// when the command failed, so that a denial or "not found" printed on the tty is still classified).
const TTY_NOTE = '[tty: stderr is merged into stdout]';
const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
// After a KILL signal, how long the server gets to report the exit before the channel is closed,
// and how long a close may take before the command is given up as finished.
const KILL_GRACE_MS = 1000;
const CLOSE_GRACE_MS = 3000;
const KILL_SCRIPT_MS = 5000;
// A refused channel is tried again after a pause, up to 100 times (20 s), while others finish.
const REFUSAL_WAIT_MS = 200;
const REFUSALS_MAX = 100;

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

type Attempt = { label: string; method: (user: string) => AnyAuthMethod };

function loadKey(path: string, notes: string[]): ParsedKey | null {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return null;
  }
  const parsed = utils.parseKey(data);
  if (parsed instanceof Error) {
    notes.push(/passphrase|encrypted/i.test(parsed.message)
      ? `${path}: encrypted private key and no passphrase: skipped (add it to ssh-agent with ssh-add)`
      : `${path}: not a usable private key (${parsed.message}): skipped`);
    return null;
  }
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

/** Auth order like ssh: agent, --identity, IdentityFile lines, else the default key files. */
function planAuth(hop: ResolvedHost, options: SshOptions, notes: string[]): Attempt[] {
  const attempts: Attempt[] = [];
  const agent = options.agentSocket === undefined ? process.env.SSH_AUTH_SOCK : options.agentSocket;
  // A stale SSH_AUTH_SOCK makes ssh2 drop the whole connection; ssh just goes on without it.
  if (agent && !hop.identitiesOnly && !isSocket(agent)) notes.push(`agent socket ${agent} is not there: agent skipped`);
  else if (agent && !hop.identitiesOnly) {
    attempts.push({ label: `agent (${agent})`, method: (username) => ({ type: 'agent', username, agent }) });
  }
  if (options.identity !== undefined) {
    try {
      readFileSync(options.identity);
    } catch (error) {
      throw new UsageError(`cannot read identity file ${options.identity}`, { expected: 'a private key file', found: String(error), cause: error });
    }
  }
  const explicit = [...(options.identity === undefined ? [] : [options.identity]), ...hop.identityFiles];
  // ssh adds its default keys only when no identity was named (-i or IdentityFile).
  const files = explicit.length > 0 ? explicit : DEFAULT_KEYS.map((name) => join(homedir(), '.ssh', name));
  for (const path of [...new Set(files)]) {
    const key = loadKey(path, notes);
    if (key) attempts.push({ label: `publickey ${path}`, method: (username) => ({ type: 'publickey', username, key }) });
  }
  return attempts;
}

// ssh2's default host key algorithms, most preferred first.
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** Like ssh, ask first for the key types known_hosts already holds for this host, so a server
 * with several host keys shows the one we know rather than looking unknown. */
function hostKeyAlgorithms(knownTypes: string[]): string[] {
  const wanted = knownTypes.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]));
  const preferred = HOST_KEY_ALGORITHMS.filter((algorithm) => wanted.includes(algorithm));
  return [...preferred, ...HOST_KEY_ALGORITHMS.filter((algorithm) => !preferred.includes(algorithm))];
}

function describeConnectError(error: Error & { code?: string; level?: string }, where: string, timeoutMs: number): string {
  switch (error.code) {
    case 'ECONNREFUSED': return `connection refused by ${where}`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot resolve the host name of ${where}`;
    case 'ETIMEDOUT': case 'EHOSTUNREACH': case 'ENETUNREACH': return `cannot reach ${where} (${error.code})`;
  }
  if (error.level === 'client-timeout') return `timed out after ${timeoutMs} ms connecting to ${where}`;
  return `cannot connect to ${where}: ${error.message}`;
}

interface HopRequest {
  label: string;
  hop: ResolvedHost;
  sock?: Duplex;
  options: SshOptions;
  notes: string[];
}

function connectHop({ label, hop, sock, options, notes }: HopRequest): Promise<ClientType> {
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  const where = `${hop.user}@${hostPortName(hop.host, hop.port)}`;
  const attempts = planAuth(hop, options, notes);
  const tried: string[] = [];
  let hostKeyError: TransportError | null = null;
  const knownHostsFile = options.knownHostsFile ?? defaultKnownHostsFile();
  // Like ssh, a HostKeyAlias is looked up as written, without the port.
  const keyHost = hop.hostKeyAlias ?? hop.host;
  const keyPort = hop.hostKeyAlias === undefined ? hop.port : 22;
  const config: ConnectConfig = {
    host: hop.host, port: hop.port, username: hop.user, sock, readyTimeout: timeoutMs,
    algorithms: { serverHostKey: hostKeyAlgorithms(knownKeyTypes(knownHostsFile, keyHost, keyPort)) as never },
    hostVerifier: (key: Buffer) => {
      try {
        const how = verifyHostKey({ label, host: keyHost, port: keyPort, blob: key,
          knownHostsFile, acceptNew: options.acceptNew ?? false });
        if (how === 'added') notes.push(`${hostPortName(keyHost, keyPort)}: host key added to known_hosts (--accept-new)`);
        return true;
      } catch (error) {
        // Thrown inside ssh2's handshake it would be lost: keep it for the rejection.
        hostKeyError = error instanceof HostKeyError ? error
          : new TransportError(label, `cannot check the host key against ${knownHostsFile}: ${(error as Error).message}`, { cause: error });
        return false;
      }
    },
    authHandler: (methodsLeft, _partial, next) => {
      const attempt = attempts.shift();
      if (!attempt || (methodsLeft && !methodsLeft.includes('publickey'))) return next(false as never);
      tried.push(attempt.label);
      next(attempt.method(hop.user));
    },
  };
  return new Promise((resolve, reject) => {
    const client = new Client();
    let settled = false;
    const fail = (message: string, cause?: unknown): void => {
      if (settled) return;
      settled = true;
      client.end();
      reject(hostKeyError ?? new TransportError(label, message, { cause }));
    };
    client.once('ready', () => { settled = true; resolve(client); });
    client.on('error', (error: Error & { level?: string }) => {
      if (error.level === 'client-authentication') {
        const methods = tried.length > 0 ? tried.join(', ') : 'none available (no agent, no key file)';
        const extra = notes.length > 0 ? `; notes: ${notes.join('; ')}` : '';
        fail(`authentication failed for ${where}; tried: ${methods}${extra}`, error);
      } else fail(describeConnectError(error, where, timeoutMs), error);
    });
    client.once('close', () => fail(`connection to ${where} closed before it was ready`));
    client.connect(config);
  });
}

function forwardOut(jump: ClientType, label: string, hop: ResolvedHost): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, hop.host, hop.port, (error, stream) => {
      if (error) reject(new TransportError(label, `the jump host cannot reach ${hostPortName(hop.host, hop.port)}: ${error.message}`, { cause: error }));
      else resolve(stream);
    });
  });
}

/**
 * Counts open channels and queues what is over the limit, so a burst never fails or deadlocks.
 * The limit adapts: it drops to what the server took when it refuses a channel (a lower
 * MaxSessions, or sessions still closing there), and grows back one by one as opens succeed.
 */
class ChannelSlots {
  private active = 0;
  private waiting: Array<() => void> = [];
  private limit: number;
  constructor(private readonly max: number) {
    this.limit = max;
  }
  acquire(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.admit();
    });
  }
  release(): void {
    this.active--;
    this.admit();
  }
  private admit(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
  /** the server refused a channel while `active` (ours included) were open. */
  refused(): void {
    this.limit = Math.max(1, this.active - 1);
  }
  /** a channel opened: at the limit, the server may take one more. */
  opened(): void {
    if (this.active >= this.limit && this.limit < this.max) {
      this.limit++;
      this.admit();
    }
  }
}

function openChannel(client: ClientType, command: string, tty: boolean): Promise<ClientChannel> {
  // ONLCR off: no "\r\n" in the output a parser reads; a wide terminal so lines are not cut.
  const pty: PseudoTtyOptions | undefined = tty ? { term: 'dumb', cols: 512, rows: 50, modes: { ONLCR: 0 } } : undefined;
  return new Promise((resolve, reject) => {
    client.exec(command, pty ? { pty } : {}, (error, channel) => (error ? reject(error) : resolve(channel)));
  });
}

function ttyStderr(stdout: CappedBuffer, failed: boolean): CappedBuffer {
  const stderr = newStderrBuffer();
  stderr.push(Buffer.from(TTY_NOTE));
  if (failed) stderr.push(Buffer.concat([Buffer.from('\n'), stdout.toBuffer().subarray(-1024)]));
  return stderr;
}

// sshd refuses signal requests on sessions without privilege separation, which OpenSSH turns
// off after a root login ("session signalling requires privilege separation", 9.2): so every
// command first prints its shell's pid, and a timed-out one is also killed from a second
// channel. sshd runs each command in a new session (setsid), so the command's process group is
// that session's: killing it takes the command's children too.
// The line carries a random tag per command, so neither the command's output nor a shell rc
// file can pass for it.
const pidMark = (): string => `hostsnap-pid-${randomBytes(6).toString('hex')} `;
const announcePid = (mark: string, command: string): string => `echo "${mark}$$" >&2; ${command}`;

/** Kills the pid's process group when it is its own session (never sshd's), then the pid. */
function killScript(pid: number): string {
  return [
    `s=$(cat /proc/${pid}/stat 2>/dev/null) || exit 0`,
    'set -- ${s##*) }', // after "pid (comm) ": state ppid pgrp session
    'if [ "$3" = "$4" ] && [ "$3" -gt 1 ] && [ "$(cat /proc/$3/comm)" != sshd ]; then kill -9 "-$3"; fi',
    `kill -9 ${pid} 2>/dev/null; exit 0`,
  ].join('\n');
}

/** Takes the pid line off the front of a stream (it is the first line unless a shell rc printed first). */
class PidMarkStripper {
  pid: number | null = null;
  private head: Buffer | null = Buffer.alloc(0);
  constructor(private readonly sink: CappedBuffer, private readonly mark: string) {}
  push(chunk: Buffer): void {
    if (this.head === null) return this.sink.push(chunk);
    this.head = Buffer.concat([this.head, chunk]);
    const text = this.head.toString('latin1');
    const m = new RegExp(`(^|\\n)${this.mark}(\\d+)\\n`).exec(text);
    if (m) {
      this.pid = Number(m[2]);
      this.sink.push(Buffer.concat([this.head.subarray(0, m.index + m[1].length), this.head.subarray(m.index + m[0].length)]));
      this.head = null;
    } else if (this.head.length > 4096) this.flush();
  }
  flush(): void {
    if (this.head !== null) this.sink.push(this.head);
    this.head = null;
  }
}

interface RunRequest {
  channel: ClientChannel;
  /** the tag of the pid line (see announcePid) */
  mark: string;
  command: string;
  options: ExecOptions;
  startedAt: Date;
  killRemote: (pid: number) => Promise<void>;
}

function runChannel({ channel, mark, command, options, startedAt, killRemote }: RunRequest): Promise<ExecOutput> {
  const stdout = new CappedBuffer(options.maxBytes);
  const stderr = newStderrBuffer();
  // The pid line goes to stderr, or to stdout when a pty merges them: only that stream is searched.
  const marked = new PidMarkStripper(options.tty ? stdout : stderr, mark);
  const out = options.tty ? marked : stdout;
  const err = options.tty ? stderr : marked;
  // Past the cap the output is drained and dropped; far past it the command is stopped.
  const flood = options.maxBytes + Math.max(options.maxBytes, 1 << 20);
  let received = 0;
  let exitCode: number | null = null;
  let signal: string | null = null;
  let timedOut = false;
  const timers: NodeJS.Timeout[] = [];
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      timers.forEach(clearTimeout);
      marked.flush();
      const errors = options.tty ? ttyStderr(stdout, exitCode !== 0) : stderr;
      resolve({ result: buildResult(command, options, startedAt, { exitCode, signal, timedOut }, stdout, errors), stdout: stdout.toBuffer() });
    };
    let killing = false;
    const kill = (): void => {
      if (killing) return;
      killing = true;
      try { channel.signal('KILL'); } catch { /* refused or closed: the second channel still kills */ }
      const pid = marked.pid;
      void (pid === null ? Promise.resolve() : killRemote(pid).catch(() => undefined)).then(() => {
        // The killed command's channel closes by itself; a stuck one is closed, then given up.
        timers.push(setTimeout(() => channel.close(), KILL_GRACE_MS));
        timers.push(setTimeout(() => { channel.destroy(); finish(); }, KILL_GRACE_MS + CLOSE_GRACE_MS));
      });
    };
    channel.on('data', (chunk: Buffer) => {
      received += chunk.length;
      out.push(chunk);
      if (received > flood) kill();
    });
    channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    channel.on('exit', (code: number | null, name?: string) => {
      exitCode = code ?? null;
      if (name) signal = name.startsWith('SIG') ? name : `SIG${name}`;
    });
    channel.on('close', finish);
    timers.push(setTimeout(() => { timedOut = true; kill(); }, options.timeoutMs));
  });
}

// How long a channel that closed without a status waits for the connection's own close event.
const LOST_CONNECTION_WAIT_MS = 300;

const refusedChannel = (error: unknown): boolean => /open failed|administratively prohibited/i.test(String(error));
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the kill script on a channel of its own, for at most KILL_SCRIPT_MS. The server may still
 * count the sessions of commands that just ended: a refused channel is tried again, bounded.
 */
async function runKiller(client: ClientType, pid: number, sudo: boolean): Promise<void> {
  let channel: ClientChannel | null = null;
  for (let refusals = 0; channel === null; refusals++) {
    try {
      channel = await openChannel(client, wrapCommand(killScript(pid), { sudo }), false);
    } catch (error) {
      if (!refusedChannel(error) || refusals * REFUSAL_WAIT_MS >= KILL_SCRIPT_MS) throw error;
      await pause(REFUSAL_WAIT_MS);
    }
  }
  const killer = channel;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => { killer.close(); resolve(); }, KILL_SCRIPT_MS);
    killer.resume();
    killer.stderr.resume();
    killer.on('close', () => { clearTimeout(timer); resolve(); });
  });
}

class SshConnection implements SshTransport {
  private readonly slots = new ChannelSlots(MAX_CHANNELS);
  // The 2 channels MaxSessions leaves beside the commands' 8: when many commands time out at
  // once, their kills wait for one of these rather than fail to open.
  private readonly killSlots = new ChannelSlots(2);
  private readonly closed = new Set<ClientType>();
  constructor(
    readonly target: string,
    readonly resolved: ResolvedTarget,
    readonly notes: string[],
    private readonly clients: ClientType[], // jumps first, the target last
  ) {
    for (const client of clients) client.once('close', () => this.closed.add(client));
  }

  async exec(command: string, options: ExecOptions): Promise<ExecOutput> {
    const client = this.clients[this.clients.length - 1];
    const mark = pidMark();
    const wrapped = wrapCommand(announcePid(mark, command), { sudo: options.sudo });
    for (let refusals = 0; ; refusals++) {
      await this.slots.acquire();
      const startedAt = new Date();
      let channel: ClientChannel;
      try {
        channel = await openChannel(client, wrapped, options.tty ?? false);
        this.slots.opened();
      } catch (error) {
        this.slots.refused();
        this.slots.release();
        // sshd answers "open failed" when MaxSessions is reached: wait, bounded, and try again.
        if (refusedChannel(error) && refusals < REFUSALS_MAX) {
          await pause(REFUSAL_WAIT_MS);
          continue;
        }
        throw new TransportError(this.target, `cannot run ${options.sourceId}: ${(error as Error).message}`, { cause: error });
      }
      try {
        const killRemote = async (pid: number): Promise<void> => {
          await this.killSlots.acquire();
          try {
            await runKiller(client, pid, options.sudo ?? false);
          } finally {
            this.killSlots.release();
          }
        };
        const output = await runChannel({ channel, mark, command, options, startedAt, killRemote });
        if (output.result.exitCode === null && output.result.signal === null && !output.result.timedOut) {
          await this.noteMissingExit(client, output);
        }
        return output;
      } finally {
        this.slots.release();
      }
    }
  }

  /**
   * A channel closed without exit-status or exit-signal. Either the connection went away (its
   * close event follows within moments: a transport failure, thrown), or sshd closed a live
   * channel without a status, which OpenSSH 9.2 does about once in a few hundred short commands on
   * a loaded host: the output is kept and the missing status is said in stderr.
   */
  private async noteMissingExit(client: ClientType, output: ExecOutput): Promise<void> {
    if (!this.closed.has(client)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, LOST_CONNECTION_WAIT_MS);
        client.once('close', () => { clearTimeout(timer); resolve(); });
      });
    }
    if (this.closed.has(client)) {
      throw new TransportError(this.target, `connection lost while \`${output.result.command.split('\n')[0]}\` ran (no exit status)`);
    }
    output.result.stderr += `${output.result.stderr.endsWith('\n') || output.result.stderr === '' ? '' : '\n'}[hostsnap: the server closed the channel without an exit status]\n`;
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

/**
 * Connects to a TARGET (`[user@]host[:port]` or a Host alias of the ssh config), through its
 * ProxyJump hops if any, checking every hop's host key. Throws TransportError / HostKeyError.
 */
export async function connectSsh(target: string, options: SshOptions): Promise<SshTransport> {
  const resolved = resolveTarget(target, { configFile: options.sshConfigFile });
  const notes: string[] = [];
  const clients: ClientType[] = [];
  try {
    let sock: Duplex | undefined;
    for (const hop of [...resolved.jumps, resolved]) {
      const label = hop === resolved ? target : `${target} (via jump host ${hop.alias})`;
      if (clients.length > 0) sock = await forwardOut(clients[clients.length - 1], label, hop);
      clients.push(await connectHop({ label, hop, sock, options, notes }));
    }
  } catch (error) {
    for (const client of clients.reverse()) client.end();
    throw error;
  }
  return new SshConnection(target, resolved, notes, clients);
}
