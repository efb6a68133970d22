// SSH connection and authentication (ssh2), like OpenSSH: config, known_hosts, agent/keys, ProxyJump.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, ConnectConfig, ParsedKey, Client as ClientType } from 'ssh2';
import { HostKeyError, TransportError, UsageError } from '../errors.js';
import { defaultKnownHostsFile, knownKeyTypes, verifyHostKey, type UnverifiedHostKey } from './host-keys.js';
import { startProxyCommand, type ProxyLink } from './proxy-command.js';
import { resolveTarget, type ResolvedHost, type ResolvedTarget } from './ssh-config.js';
import { hostPortName } from './target.js';

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
  /** ProxyJump for this target, replacing the config's (an inventory's ansible_ssh_common_args -J) */
  proxyJump?: string;
  /** `-o` options as config lines (command-line.ts): they win over the config, for the target only */
  commandLine?: string[];
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

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
  /** host keys let in unverified (-o StrictHostKeyChecking=no) are added here */
  unverified: UnverifiedHostKey[];
}

function connectHop({ label, hop, sock, options, notes, unverified }: HopRequest): Promise<ClientType> {
  const timeoutMs = options.connectTimeoutMs ?? hop.connectTimeoutMs ?? 10_000;
  const where = `${hop.user}@${hostPortName(hop.host, hop.port)}`;
  const attempts = planAuth(hop, options, notes);
  const tried: string[] = [];
  let hostKeyError: TransportError | null = null;
  // Like ssh: the config's UserKnownHostsFile unless the caller names one.
  const knownHostsFile = options.knownHostsFile ?? hop.userKnownHostsFile ?? defaultKnownHostsFile();
  // Like ssh, a HostKeyAlias is looked up as written, without the port.
  const keyHost = hop.hostKeyAlias ?? hop.host;
  const keyPort = hop.hostKeyAlias === undefined ? hop.port : 22;
  const config: ConnectConfig = {
    host: hop.host, port: hop.port, username: hop.user, sock, readyTimeout: timeoutMs,
    algorithms: { serverHostKey: hostKeyAlgorithms(knownKeyTypes([knownHostsFile, ...hop.otherKnownHostsFiles], keyHost, keyPort)) as never },
    ...(hop.serverAliveIntervalMs ? { keepaliveInterval: hop.serverAliveIntervalMs, keepaliveCountMax: hop.serverAliveCountMax } : {}),
    hostVerifier: (key: Buffer) => {
      try {
        const how = verifyHostKey({ label, host: keyHost, port: keyPort, blob: key,
          knownHostsFile, otherFiles: hop.otherKnownHostsFiles, acceptNew: (options.acceptNew ?? false) || hop.acceptNew === true,
          unchecked: hop.hostKeyUnchecked === true,
          // Skipping host key checks on a config file's word would let any host in: never followed.
          hint: hop.strictNo ? 'The ssh config says StrictHostKeyChecking no, which hostsnap follows only when given on the command line (-o StrictHostKeyChecking=no)' : undefined });
        if (how === 'added') notes.push(`${hostPortName(keyHost, keyPort)}: host key added to known_hosts (--accept-new)`);
        else if (how !== 'known') {
          unverified.push(how);
          notes.push(`${how.host}: ${how.status} ${how.keyType} host key ${how.fingerprint} accepted WITHOUT verification (-o StrictHostKeyChecking=no)${how.knownHosts ? `; known_hosts holds another (${how.knownHosts})` : ''}`);
        }
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

export interface SshLink {
  resolved: ResolvedTarget;
  /** what authentication skipped or noticed (encrypted keys without passphrase, missing files) */
  notes: string[];
  /** jumps first, the target last */
  clients: ClientType[];
  /** host keys let in without verification (-o StrictHostKeyChecking=no); [] when every key was verified */
  unverified: UnverifiedHostKey[];
}

/**
 * Connects to a TARGET (`[user@]host[:port]` or a Host alias of the ssh config), through its
 * ProxyJump hops if any, checking every hop's host key. Throws TransportError / HostKeyError.
 */
export async function connectHops(target: string, options: SshOptions): Promise<SshLink> {
  const resolved = resolveTarget(target, { configFile: options.sshConfigFile, proxyJump: options.proxyJump, commandLine: options.commandLine });
  const notes: string[] = [];
  const unverified: UnverifiedHostKey[] = [];
  const clients: ClientType[] = [];
  let proxy: ProxyLink | undefined;
  try {
    let sock: Duplex | undefined;
    for (const hop of [...resolved.jumps, resolved]) {
      const label = hop === resolved ? target : `${target} (via jump host ${hop.alias})`;
      if (clients.length > 0) sock = await forwardOut(clients[clients.length - 1], label, hop);
      // The first hop's ProxyCommand carries it (a ProxyJump, when both are set, wins here).
      else if (hop.proxyCommand !== undefined) proxy = startProxyCommand(label, hop.proxyCommand);
      clients.push(await connectHop({ label, hop, sock: sock ?? proxy?.sock, options, notes, unverified }));
    }
  } catch (error) {
    for (const client of clients.reverse()) client.end();
    if (proxy && error instanceof TransportError) error.message += `; ${await proxy.outcome()}`;
    proxy?.stop();
    throw error;
  }
  return { resolved, notes, clients, unverified };
}
