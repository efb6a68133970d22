// ssh's `-o KEY=VALUE` options: only the ssh_config keywords hostsnap follows, as config lines.
import { UsageError } from '../errors.js';

/** The keywords ssh-config.ts reads (lower case, as ssh compares them), in ssh_config(5)'s spelling for messages. */
const SUPPORTED = [
  'ConnectTimeout', 'GlobalKnownHostsFile', 'HostKeyAlias', 'HostName', 'IdentitiesOnly', 'IdentityFile', 'Port',
  'ProxyCommand', 'ProxyJump', 'ServerAliveCountMax', 'ServerAliveInterval', 'StrictHostKeyChecking', 'User',
  'UserKnownHostsFile',
];
const BY_LOWER = new Map(SUPPORTED.map((k) => [k.toLowerCase(), k]));

// ssh's own values for it (readconf.c multistate_strict_hostkey): `ask` has no one to ask here.
const STRICT_VALUES = ['yes', 'no', 'off', 'accept-new', 'ask'];

/**
 * `-o 'KEY=VALUE'` or `-o 'KEY VALUE'` (ssh takes both) -> `KEY VALUE` config lines, in order.
 * A keyword hostsnap does not follow is a usage error naming it: silently ignoring
 * `-o StrictHostKeyChecking=yes` misspelt, or `-o PasswordAuthentication=yes`, would mislead.
 */
export function commandLineOptions(values: readonly string[]): string[] {
  return values.map((option) => {
    const match = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(\S.*?)\s*$/.exec(option);
    if (!match) throw new UsageError(`-o ${option}: not KEY=VALUE`, { expected: 'e.g. -o StrictHostKeyChecking=no', found: option });
    const keyword = BY_LOWER.get(match[1].toLowerCase());
    if (keyword === undefined) {
      throw new UsageError(`-o ${match[1]}: an ssh option hostsnap does not follow`, { expected: SUPPORTED.join(', '), found: match[1] });
    }
    if (keyword === 'StrictHostKeyChecking' && !STRICT_VALUES.includes(match[2].toLowerCase())) {
      throw new UsageError(`-o StrictHostKeyChecking=${match[2]}: not a value ssh takes`, { expected: STRICT_VALUES.join(', '), found: match[2] });
    }
    return `${keyword} ${match[2]}`;
  });
}

/** The value of `keyword` (lower case) in command-line lines, the first one like ssh, else undefined. */
export function commandLineValue(lines: readonly string[], keyword: string): string | undefined {
  for (const line of lines) {
    const [key, ...rest] = line.split(' ');
    if (key.toLowerCase() === keyword) return rest.join(' ');
  }
  return undefined;
}
