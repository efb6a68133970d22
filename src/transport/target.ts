// Parses a TARGET as typed on the command line: [user@]host[:port], [v6]:port, bare IPv6.
import { UsageError } from '../errors.js';

export interface Target {
  user?: string;
  host: string;
  port?: number;
}

const EXPECTED = '[user@]host[:port], [user@][ipv6]:port or [user@]ipv6';
// Whitespace, control characters and shell/path metacharacters never belong in a user or host;
// a leading '-' would read as an option if the name ever reached a command line.
const BAD_CHARS = /[\s\x00-\x1f\x7f/\\'"`$;&|<>()[\]{}]/;

function fail(text: string, why: string): never {
  throw new UsageError(`invalid target '${text}': ${why}`, { expected: EXPECTED, found: text });
}

function parsePort(text: string, port: string): number {
  if (!/^\d{1,5}$/.test(port)) fail(text, `port '${port}' is not a number`);
  const n = Number(port);
  if (n < 1 || n > 65535) fail(text, `port ${n} is outside 1-65535`);
  return n;
}

function checkName(text: string, what: string, name: string): void {
  if (name === '') fail(text, `empty ${what}`);
  if (name.startsWith('-')) fail(text, `${what} starts with '-'`);
  if (BAD_CHARS.test(name)) fail(text, `${what} '${name}' contains a forbidden character`);
}

/** Splits the host part: `[v6]`, `[v6]:port`, `host:port`, `host`, or a bare IPv6 address. */
function splitHostPort(text: string, rest: string): { host: string; port?: number } {
  if (rest.startsWith('[')) {
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
    if (!m) fail(text, 'unbalanced [ ] around the address');
    const host = m[1];
    checkName(text, 'host', host);
    return m[2] === undefined ? { host } : { host, port: parsePort(text, m[2]) };
  }
  const colons = rest.split(':').length - 1;
  // Two or more colons: an IPv6 address without brackets, which cannot carry a port (as in ssh).
  if (colons >= 2) {
    if (!/^[0-9a-fA-F:.]+(%[\w.-]+)?$/.test(rest)) fail(text, `'${rest}' is not an IPv6 address`);
    return { host: rest };
  }
  if (colons === 1) {
    const [host, port] = rest.split(':');
    checkName(text, 'host', host);
    return { host, port: parsePort(text, port) };
  }
  checkName(text, 'host', rest);
  return { host: rest };
}

export function parseTarget(text: string): Target {
  // The last '@' splits, like ssh(1): a user name may itself contain '@'.
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  if (user !== undefined) checkName(text, 'user', user);
  const { host, port } = splitHostPort(text, text.slice(at + 1));
  const target: Target = { host };
  if (user !== undefined) target.user = user;
  if (port !== undefined) target.port = port;
  return target;
}

/** How OpenSSH names a host and port in messages and known_hosts: `host` or `[host]:port`. */
export function hostPortName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}
