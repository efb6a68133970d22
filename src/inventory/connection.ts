// An inventory host's Ansible connection variables as a hostsnap TARGET plus per-host SSH options.
import { homedir } from 'node:os';
import type { InventoryHost } from './model.js';

export interface HostConnection {
  /** `[user@]host[:port]`: ansible_host or else the inventory name (which may be an ssh_config alias) */
  target: string;
  identity?: string;
  /** from ansible_ssh_common_args `-J X` or `-o ProxyJump=X` */
  proxyJump?: string;
  /** ansible_become: run root-only probes through sudo -n */
  sudo: boolean;
  /** variables hostsnap read and could not honour (said once per host on stderr) */
  ignored: string[];
}

const TRUE = /^(yes|true|on|1)$/i;

// The options of ansible_ssh_common_args hostsnap follows; others are reported, not silently dropped.
function commonArgs(text: string, connection: HostConnection): void {
  const words = text.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^["']|["']$/g, '')) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const option = word === '-o' ? words[++i] ?? '' : word.startsWith('-o') ? word.slice(2) : null;
    if (word === '-J') connection.proxyJump = words[++i];
    else if (option !== null && /^proxyjump[ =]/i.test(option)) connection.proxyJump = option.replace(/^proxyjump[ =]+/i, '');
    else connection.ignored.push(`ansible_ssh_common_args ${option === null ? word : `-o ${option}`}`);
  }
}

export function hostConnection(host: InventoryHost): HostConnection {
  const v = host.vars;
  const address = v.ansible_host ?? v.ansible_ssh_host ?? host.name;
  const user = v.ansible_user ?? v.ansible_ssh_user;
  const port = v.ansible_port ?? v.ansible_ssh_port;
  const hostPart = address.includes(':') && port !== undefined ? `[${address}]` : address;
  const connection: HostConnection = {
    target: `${user === undefined ? '' : `${user}@`}${hostPart}${port === undefined ? '' : `:${port}`}`,
    sudo: TRUE.test(v.ansible_become ?? ''),
    ignored: [],
  };
  const key = v.ansible_ssh_private_key_file ?? v.ansible_private_key_file;
  if (key !== undefined) connection.identity = key === '~' || key.startsWith('~/') ? homedir() + key.slice(1) : key;
  if (v.ansible_ssh_common_args !== undefined) commonArgs(v.ansible_ssh_common_args, connection);
  return connection;
}
