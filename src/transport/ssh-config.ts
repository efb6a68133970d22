// Resolves a TARGET through an OpenSSH client config (~/.ssh/config): host, user, port, keys, jumps.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import SSHConfig from 'ssh-config';
import { UsageError } from '../errors.js';
import { commandLineValue } from './command-line.js';
import { parseTarget, type Target } from './target.js';

export interface ResolvedHost {
  /** the name as typed (a Host alias, or the host itself) */
  alias: string;
  /** HostName from the config, else the typed host */
  host: string;
  port: number;
  user: string;
  /** IdentityFile entries in config order, with ~ and %-tokens expanded */
  identityFiles: string[];
  /** IdentitiesOnly yes: do not offer agent keys */
  identitiesOnly: boolean;
  /** HostKeyAlias: the name known_hosts records this host's key under (used as is, no port) */
  hostKeyAlias?: string;
  /** UserKnownHostsFile's first file, ~ and %-tokens expanded (`none`: left undefined) */
  userKnownHostsFile?: string;
  /** read-only known_hosts files also trusted: UserKnownHostsFile's others, then GlobalKnownHostsFile's */
  otherKnownHostsFiles: string[];
  /** ConnectTimeout in ms */
  connectTimeoutMs?: number;
  /** StrictHostKeyChecking accept-new: record an unknown key, never a changed one */
  acceptNew?: boolean;
  /** StrictHostKeyChecking no (or off) in a config file: not followed, but said when a key is refused */
  strictNo?: boolean;
  /**
   * StrictHostKeyChecking no (or off) given on the command line (`-o`): an unknown or changed key
   * is accepted unverified and never written to known_hosts (a revoked one is still refused).
   */
  hostKeyUnchecked?: boolean;
  /** ServerAliveInterval in ms (0: off) and ServerAliveCountMax */
  serverAliveIntervalMs?: number;
  serverAliveCountMax?: number;
  /** ProxyCommand, %-tokens expanded (`none`: left undefined) */
  proxyCommand?: string;
}

export interface ResolvedTarget extends ResolvedHost {
  /** ProxyJump hops, first hop first, each resolved through the same config */
  jumps: ResolvedHost[];
}

export interface ResolveOptions {
  /** default ~/.ssh/config; a missing default file is an empty config, a missing given one is an error */
  configFile?: string;
  /** a ProxyJump given outside the config (like `ssh -J`): it wins over the config's */
  proxyJump?: string;
  /**
   * `-o KEY=VALUE` options (command-line.ts checks them): like ssh, they win over every config
   * file line and apply to the target only, not to its ProxyJump hops (ssh runs those as
   * `ssh -W` without the -o options).
   */
  commandLine?: string[];
}

export const defaultConfigFile = (): string => join(homedir(), '.ssh', 'config');

// ssh_config(5) Include: paths relative to ~/.ssh, `*`/`?` globs in any part of the path; ssh
// nests at most 16 deep. The ssh-config package does not follow Include, so included files are
// inlined where the directive stands (their Host lines open blocks there, as in ssh).
const MAX_INCLUDE_DEPTH = 16;

function globRegExp(part: string): RegExp {
  return new RegExp(`^${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Expands globs folder by folder, like glob(3) as ssh calls it: sorted, hidden entries only when named. */
function expandInclude(pattern: string): string[] {
  const path = pattern.startsWith('~/') ? join(homedir(), pattern.slice(2)) : isAbsolute(pattern) ? pattern : join(homedir(), '.ssh', pattern);
  let found = ['/'];
  for (const part of path.split('/').filter((p) => p !== '')) {
    if (!/[*?]/.test(part)) {
      found = found.map((dir) => join(dir, part));
      continue;
    }
    const re = globRegExp(part);
    found = found.flatMap((dir) => {
      try {
        return readdirSync(dir).filter((e) => re.test(e) && (!e.startsWith('.') || part.startsWith('.'))).sort().map((e) => join(dir, e));
      } catch {
        return [];
      }
    });
  }
  return found.filter((f) => existsSync(f) && !statSync(f).isDirectory());
}

/**
 * After an included file, ssh returns to the block the Include stood in (or to the top level):
 * the inlined text is followed by that block's own Host/Match line again, else by `Host *`, so
 * that the included file's last Host does not capture the rest of the parent block.
 */
/** ssh's Host matching: any pattern matches (case-insensitively) and no `!pattern` does. */
function hostMatches(patterns: string, alias: string): boolean {
  const list = patterns.split(/[\s,]+/).filter((p) => p !== '');
  if (list.some((p) => p.startsWith('!') && globRegExp(p.slice(1).toLowerCase()).test(alias.toLowerCase()))) return false;
  return list.some((p) => !p.startsWith('!') && globRegExp(p.toLowerCase()).test(alias.toLowerCase()));
}

function readWithIncludes(file: string, depth: number, alias: string): string {
  const text = readFileSync(file, 'utf8');
  if (depth >= MAX_INCLUDE_DEPTH) throw new UsageError(`ssh config ${file}: Include nested more than ${MAX_INCLUDE_DEPTH} deep`);
  let header: string | null = null;
  return text.split(/\r?\n/).map((line) => {
    if (/^[ \t]*(host|match)([ \t=]|$)/i.test(line)) header = line;
    const include = /^[ \t]*include[ \t=]+(.+)$/i.exec(line);
    if (!include) return line;
    // Inside a Host block that does not match, nothing of the included files applies (ssh's
    // SSHCONF_NEVERMATCH), not even their own Host blocks. Match blocks are inlined as they are.
    const outer = header === null ? null : /^[ \t]*host[ \t=]+(.*)$/i.exec(header);
    if (outer && !hostMatches(outer[1], alias)) return header!;
    const inlined = include[1].trim().split(/\s+/).flatMap(expandInclude).map((path) => readWithIncludes(path, depth + 1, alias));
    return [...inlined, header ?? 'Host *'].join('\n');
  }).join('\n');
}

/**
 * The config as it reads for one alias (Include inside Host depends on it). Command-line lines
 * go first, outside any Host block: ssh reads them before its files and keeps the first value.
 */
function loadConfig(file: string | undefined, alias: string, commandLine: string[] = []): SSHConfig {
  try {
    return SSHConfig.parse([...commandLine, readWithIncludes(file ?? defaultConfigFile(), 0, alias)].join('\n'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (file === undefined && code === 'ENOENT') return SSHConfig.parse(commandLine.join('\n'));
    throw new UsageError(`cannot read ssh config ${file}`, { expected: 'a readable ssh_config file', found: String(code ?? error), cause: error });
  }
}

// Never run `Match exec` commands from a config; directive names are case-insensitive in ssh.
const COMPUTE = { ignoreCase: true, matchExec: false };

const first = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

// The ssh-config package splits a multi-word value (a file list) into an array.
const joined = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value.join(' ') : value;

// ssh_config(5) TOKENS: the cheap ones. %h after HostName is the real host, %n the alias.
function expandTokens(text: string, host: ResolvedHost): string {
  const tokens: Record<string, string> = {
    '%': '%', d: homedir(), h: host.host, n: host.alias, p: String(host.port),
    r: host.user, u: userInfo().username,
  };
  const expanded = text.replace(/%(.)/g, (all, c: string) => tokens[c] ?? all);
  return expanded === '~' || expanded.startsWith('~/') ? homedir() + expanded.slice(1) : expanded;
}

// ssh_config(5): GlobalKnownHostsFile defaults to these two.
const DEFAULT_GLOBAL_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

/** A space-separated file list, tokens expanded; `none` gives []; undefined when not set. */
function fileList(value: string | undefined, host: ResolvedHost): string[] | undefined {
  if (value === undefined) return undefined;
  const files: string[] = [];
  for (const file of value.split(/\s+/).filter((f) => f !== '')) {
    if (file.toLowerCase() === 'none') break;
    files.push(expandTokens(file, host));
  }
  return files;
}

function resolveHost(config: SSHConfig, target: Target, commandLine: string[] = []): ResolvedHost {
  // compute() keeps the first value obtained, like ssh: a user given in the target is passed in
  // first and so beats any User line.
  const computed = target.user === undefined
    ? config.compute(target.host, COMPUTE)
    : config.compute({ Host: target.host, User: target.user }, COMPUTE);
  const hostName = first(computed.hostname);
  const portText = first(computed.port);
  const port = target.port ?? (portText === undefined ? 22 : Number(portText));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`${target.host}: bad Port in ssh config`, { expected: '1-65535', found: String(portText) });
  }
  const resolved: ResolvedHost = {
    alias: target.host,
    host: target.host,
    port,
    user: target.user ?? first(computed.user) ?? userInfo().username,
    identityFiles: [],
    identitiesOnly: first(computed.identitiesonly)?.toLowerCase() === 'yes',
    otherKnownHostsFiles: [],
  };
  const hostKeyAlias = first(computed.hostkeyalias);
  if (hostKeyAlias !== undefined) resolved.hostKeyAlias = hostKeyAlias;
  // HostName may itself use %h (the alias), e.g. `HostName %h.example.com`.
  if (hostName !== undefined) resolved.host = hostName.replace(/%h/g, target.host).replace(/%%/g, '%');
  // Both keywords take several files; `none` stops the list. The user's first file is the one
  // ssh appends to; the rest, and the global ones, are only read (ssh's check_host_key order).
  const userFiles = fileList(joined(computed.userknownhostsfile), resolved);
  if (userFiles?.[0] !== undefined) resolved.userKnownHostsFile = userFiles[0];
  const globalFiles = fileList(joined(computed.globalknownhostsfile), resolved) ?? DEFAULT_GLOBAL_KNOWN_HOSTS;
  resolved.otherKnownHostsFiles = [...(userFiles?.slice(1) ?? []), ...globalFiles];
  const connectTimeout = Number(first(computed.connecttimeout));
  if (Number.isInteger(connectTimeout) && connectTimeout > 0) resolved.connectTimeoutMs = connectTimeout * 1000;
  const strict = first(computed.stricthostkeychecking)?.toLowerCase();
  if (strict === 'accept-new') resolved.acceptNew = true;
  if (strict === 'no' || strict === 'off') {
    // Skipping host key checks on a config file's word would let any host in: only the operator's
    // own command line can ask for it. The first value wins, so a command-line value decides.
    if (commandLineValue(commandLine, 'stricthostkeychecking') === undefined) resolved.strictNo = true;
    else resolved.hostKeyUnchecked = true;
  }
  const aliveInterval = Number(first(computed.serveraliveinterval));
  if (Number.isInteger(aliveInterval) && aliveInterval > 0) {
    resolved.serverAliveIntervalMs = aliveInterval * 1000;
    const countMax = Number(first(computed.serveralivecountmax));
    resolved.serverAliveCountMax = Number.isInteger(countMax) && countMax > 0 ? countMax : 3;
  }
  const proxyCommand = first(computed.proxycommand);
  if (proxyCommand !== undefined && proxyCommand.toLowerCase() !== 'none') resolved.proxyCommand = expandTokens(proxyCommand, resolved);
  const identity = computed.identityfile;
  const files = identity === undefined ? [] : Array.isArray(identity) ? identity : [identity];
  resolved.identityFiles = files.filter((f) => f.toLowerCase() !== 'none').map((f) => expandTokens(f, resolved));
  return resolved;
}

/** Parses a ProxyJump value: `none`, or a comma list of `[user@]host[:port]` or `ssh://…` hops. */
export function parseProxyJump(value: string | undefined): Target[] {
  if (value === undefined || value.toLowerCase() === 'none') return [];
  return value.split(',').map((hop) => parseTarget(hop.trim().replace(/^ssh:\/\//, '')));
}

/**
 * Resolves a target (text or parsed) the way ssh(1) does: explicit user@ and :port win over the
 * config. Each ProxyJump hop is resolved through the same config; a hop's own ProxyJump is not
 * followed (chains are written out in the target's ProxyJump instead).
 */
export function resolveTarget(target: string | Target, options: ResolveOptions = {}): ResolvedTarget {
  const parsed = typeof target === 'string' ? parseTarget(target) : target;
  const config = loadConfig(options.configFile, parsed.host, options.commandLine);
  const host = resolveHost(config, parsed, options.commandLine);
  const computed = config.compute(parsed.host, COMPUTE);
  const jumps = parseProxyJump(options.proxyJump ?? first(computed.proxyjump)).map((hop) => resolveHost(loadConfig(options.configFile, hop.host), hop));
  return { ...host, jumps };
}
