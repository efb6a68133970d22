// Test SSH hosts: OpenSSH's real sshd on a loopback address, with its own keys, known_hosts and ssh config.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { SshOptions } from '../../src/transport/ssh.js';
import { waitFor } from './wait.js';

const SSHD = '/usr/sbin/sshd';

export interface StartSshdOptions {
  /** loopback address to listen on; default 127.0.0.2 */
  address?: string;
  /** default: a free port picked by the kernel */
  port?: number;
  /** the Host alias written in the client ssh config; default `sshd-ADDRESS-PORT` */
  alias?: string;
  /** an existing private host key to serve (e.g. to impersonate another host); default: a new ed25519 key */
  hostKeyPath?: string;
  /** an existing client private key (its .pub beside it) to authorize; default: a new ed25519 key */
  clientKeyPath?: string;
  /** more public key lines for authorized_keys */
  authorizedKeys?: string[];
  /** more sshd_config lines (sshd keeps the first value of a keyword: use `pam` for UsePAM) */
  extraConfig?: string[];
  /** `UsePAM yes` (Debian's /etc/pam.d/sshd stack: pam_env, pam_motd, pam_limits…); default no */
  pam?: boolean;
  /**
   * Sessions of users other than root keep the HOME of their passwd entry (their own rc files),
   * and the host's folder is made readable to them (sshd reads authorized_keys as the user).
   * Root keeps the host's folder as HOME either way: this machine's /root/.bashrc is slow.
   */
  ownHomes?: boolean;
  /**
   * Runs sshd under a wrapper: gets sshd's argv (absolute path first) and returns the argv to
   * spawn. The wrapper must end by exec-ing sshd, so that the pid stop() kills is sshd's, e.g.
   * argv => ['unshare', '--uts', '--mount', '--propagation', 'private', 'sh', '-c',
   *          `hostname web1; mount --bind rec/meminfo /proc/meminfo; exec setarch i686 ${argv.join(' ')}`]
   */
  wrap?: (sshdArgv: string[]) => string[];
  /** more environment for the spawned command (sshd itself gives sessions a clean environment) */
  env?: NodeJS.ProcessEnv;
  /** the longest wait for the port to accept connections (a ceiling: the wait ends when it does); default 30000 ms */
  readyTimeoutMs?: number;
}

export interface SshdHost {
  address: string;
  port: number;
  alias: string;
  /** the user sessions log in as: the user running the tests */
  user: string;
  /** `user@address:port`, a TARGET for connectSsh */
  target: string;
  /** the host's temporary folder (config, keys, known_hosts, log); removed by stop() */
  dir: string;
  hostKeyPath: string;
  /** the host public key blob (SSH wire format), what a client sees */
  hostKeyBlob: Buffer;
  clientKeyPath: string;
  /** `[address]:port ssh-ed25519 …`, plain */
  knownHostsFile: string;
  /** the same entry hashed by `ssh-keygen -H` */
  hashedKnownHostsFile: string;
  /** a client ssh config with one `Host alias` block (HostName, Port, User, IdentityFile) */
  sshConfigFile: string;
  pid: number;
  /** options for connectSsh that touch nothing under ~/.ssh and no agent */
  sshOptions(extra?: Partial<SshOptions>): SshOptions;
  /** what sshd printed on stderr (last 64 kB), for failure messages */
  log(): string;
  stop(): Promise<void>;
}

function keygen(path: string, comment: string, type = 'ed25519'): void {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', comment, '-f', path], { stdio: 'ignore' });
}

/** `type base64` of a key's .pub file. */
function publicKey(privateKeyPath: string): { type: string; blob: Buffer } {
  const [type, base64] = readFileSync(`${privateKeyPath}.pub`, 'utf8').trim().split(/\s+/);
  return { type, blob: Buffer.from(base64, 'base64') };
}

/** A port free on loopback now (the server binds it a moment later: callers retry on a clash). */
export async function freePort(address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: address, port });
    socket.setTimeout(500);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

/** The ssh_config block for a host, for tests that compose their own config file. */
export function configBlock(host: Pick<SshdHost, 'alias' | 'address' | 'port' | 'user' | 'clientKeyPath'>, extra: string[] = []): string {
  return [`Host ${host.alias}`, `  HostName ${host.address}`, `  Port ${host.port}`, `  User ${host.user}`,
    `  IdentityFile ${host.clientKeyPath}`, ...extra.map((l) => `  ${l}`), ''].join('\n');
}

function sshdConfig(dir: string, address: string, port: number, hostKey: string, options: StartSshdOptions): string {
  // HOME for root only when other users keep theirs; a Match block runs to the end of the file,
  // and its SetEnv replaces the global one: it repeats the variables extraConfig sets.
  const home = `SetEnv HOME=${dir}`;
  const globalEnv = (options.extraConfig ?? []).filter((l) => /^SetEnv\s/.test(l)).map((l) => l.replace(/^SetEnv\s+/, ''));
  return [
    `ListenAddress ${address}:${port}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no', // the temp dir is not owned the way ~/.ssh would be
    `UsePAM ${options.pam ? 'yes' : 'no'}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'AllowTcpForwarding yes', // ProxyJump goes through direct-tcpip channels
    'PrintMotd no',
    // bash started by sshd reads ~/.bashrc even for `bash -c`; root's here runs `pyenv init`
    // (seconds per command). Sessions get the host's own folder as HOME instead.
    ...(options.ownHomes ? [] : [home]),
    ...(options.extraConfig ?? []),
    ...(options.ownHomes ? ['Match User root', `  ${[home, ...globalEnv].join(' ')}`] : []),
    '',
  ].join('\n');
}

interface HostFiles {
  dir: string; alias: string; user: string; configPath: string; hostKeyPath: string; hostKeyBlob: Buffer;
  clientKeyPath: string; knownHostsFile: string; hashedKnownHostsFile: string; sshConfigFile: string;
}

function writeHostFiles(dir: string, address: string, port: number, options: StartSshdOptions): HostFiles {
  const user = userInfo().username;
  const alias = options.alias ?? `sshd-${address}-${port}`;
  const hostKeyPath = options.hostKeyPath ?? join(dir, 'host_ed25519');
  if (!options.hostKeyPath) keygen(hostKeyPath, `host ${alias}`);
  const clientKeyPath = options.clientKeyPath ?? join(dir, 'client_ed25519');
  if (!options.clientKeyPath) keygen(clientKeyPath, `client ${alias}`);
  const authorized = [readFileSync(`${clientKeyPath}.pub`, 'utf8').trim(), ...(options.authorizedKeys ?? [])];
  writeFileSync(join(dir, 'authorized_keys'), `${authorized.join('\n')}\n`, { mode: options.ownHomes ? 0o644 : 0o600 });
  if (options.ownHomes) chmodSync(dir, 0o755);
  const configPath = join(dir, 'sshd_config');
  writeFileSync(configPath, sshdConfig(dir, address, port, hostKeyPath, options));

  const { type: hostKeyType, blob: hostKeyBlob } = publicKey(hostKeyPath);
  const knownHostsFile = join(dir, 'known_hosts');
  const entry = `${port === 22 ? address : `[${address}]:${port}`} ${hostKeyType} ${hostKeyBlob.toString('base64')}\n`;
  writeFileSync(knownHostsFile, entry, { mode: 0o600 });
  const hashedKnownHostsFile = join(dir, 'known_hosts.hashed');
  copyFileSync(knownHostsFile, hashedKnownHostsFile);
  execFileSync('ssh-keygen', ['-q', '-H', '-f', hashedKnownHostsFile], { stdio: 'ignore' });
  rmSync(`${hashedKnownHostsFile}.old`, { force: true });
  const sshConfigFile = join(dir, 'ssh_config');
  writeFileSync(sshConfigFile, configBlock({ alias, address, port, user, clientKeyPath }, [`UserKnownHostsFile ${knownHostsFile}`]));
  return { dir, alias, user, configPath, hostKeyPath, hostKeyBlob, clientKeyPath, knownHostsFile, hashedKnownHostsFile, sshConfigFile };
}

/** Spawns sshd (wrapped if asked) and waits, bounded, until its port accepts connections. */
async function launch(files: HostFiles, address: string, port: number, options: StartSshdOptions): Promise<SshdHost> {
  // -D: stay in the foreground as our child; -e: log to stderr instead of syslog.
  const sshdArgv = [SSHD, '-D', '-e', '-f', files.configPath];
  const argv = options.wrap ? options.wrap(sshdArgv) : sshdArgv;
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => { stderr += String(error); resolve(); }); // e.g. the wrapper is missing
  }).then(() => { gone = true; });
  child.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString('utf8')).slice(-65536); });
  const pid = child.pid ?? -1;

  const stop = async (): Promise<void> => {
    if (!gone) {
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => { if (!gone) process.kill(pid, 'SIGKILL'); }, 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(files.dir, { recursive: true, force: true });
  };

  // Wait on state (the port accepts, or sshd exited: a port clash ends the wait at once). The
  // bound is a ceiling for a machine under load (the suite runs at load 17 on 2 cores), not a
  // duration: a started sshd ends the wait within one 50 ms poll.
  const state = await waitFor(async () => (gone ? 'exited' : (await canConnect(address, port)) ? 'listening' : null),
    { what: `sshd on ${address}:${port} to accept connections`, timeoutMs: options.readyTimeoutMs ?? 30_000 })
    .catch(() => 'still not listening');
  if (state !== 'listening') {
    await stop();
    throw new Error(`sshd on ${address}:${port} did not start (${state}):\n${stderr}`);
  }
  const { dir: _dir, configPath: _config, ...paths } = files;
  return {
    ...paths, address, port, dir: files.dir, target: `${files.user}@${address}:${port}`, pid,
    // connectTimeoutMs bounds the handshake and authentication (ssh2's readyTimeout), which a
    // loaded 2-core machine and UsePAM stretch: a ceiling, ended by the state (authenticated or
    // refused). A test of the timeout itself passes its own.
    sshOptions: (extra = {}) => ({ identity: files.clientKeyPath, knownHostsFile: files.knownHostsFile,
      sshConfigFile: files.sshConfigFile, agentSocket: null, connectTimeoutMs: 20_000, ...extra }),
    log: () => stderr,
    stop,
  };
}

/**
 * Starts a test host. Without a given port it takes a free one, and tries again (3 times at
 * most) if another test grabbed that port before sshd bound it.
 */
export async function startSshd(options: StartSshdOptions = {}): Promise<SshdHost> {
  const address = options.address ?? '127.0.0.2';
  // sshd refuses to start without its privilege separation directory.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755, recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort(address));
    const dir = mkdtempSync(join(tmpdir(), 'hostsnap-sshd-'));
    let files: HostFiles;
    try {
      files = writeHostFiles(dir, address, port, options);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    try {
      return await launch(files, address, port, options); // launch removes dir when it fails
    } catch (error) {
      if (options.port !== undefined || attempt >= 3 || !/Address already in use/.test(String(error))) throw error;
    }
  }
}

/** A fresh key pair in `dir` (private key path returned; .pub beside it), e.g. a second host key. */
export function newKey(dir: string, name: string, type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519'): string {
  const path = join(dir, name);
  if (existsSync(path)) unlinkSync(path);
  keygen(path, name, type);
  return path;
}

/**
 * Whether a process on this machine is still running: absent or a zombie counts as gone (PID 1
 * on these VMs does not reap orphans, so a killed session's children linger as zombies).
 */
export function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/** Every descendant pid of a process, children first (from /proc/PID/task/PID/children); [] once it is gone. */
export function descendantsOf(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter((p) => p !== '').map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

/** A process's argv as /proc shows it (NUL after each argument), '' once it is gone. */
export function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** A process's command name (/proc/PID/comm), null once it is gone. */
export function commOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Installs with apt-get the Debian packages whose program is missing (these machines run as root),
 * e.g. `{ '/usr/bin/sudo': 'sudo' }`. Waits for the dpkg lock: other test files may install too.
 */
export function ensurePackages(programs: Record<string, string>): void {
  const missing = Object.entries(programs).filter(([path]) => !existsSync(path)).map(([, name]) => name);
  if (missing.length === 0) return;
  const apt = (args: string[]) => execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args],
    { stdio: 'ignore', timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const install = () => apt(['install', '-y', '-qq', '--no-install-recommends', ...new Set(missing)]);
  try {
    install();
  } catch {
    // A fresh machine's package lists may be missing or stale: refresh them once and retry.
    apt(['update', '-qq']);
    install();
  }
}

/** sudo, for tests of `sudo -n` wrapping (scripts/install-host-tools.sh installs it too). */
export function ensureSudo(): void {
  ensurePackages({ '/usr/bin/sudo': 'sudo' });
}
