// Opens the transport a target names: `local` runs on this machine, anything else goes over SSH.
import { localTransport } from './local.js';
import { connectSsh, type SshOptions } from './ssh.js';
import type { Transport } from './types.js';

export const LOCAL_TARGET = 'local';

export function isLocalTarget(target: string): boolean {
  return target === LOCAL_TARGET;
}

/** `local` -> the local transport (no SSH, options unused); `[user@]host[:port]` or an alias -> ssh2. */
export async function openTransport(target: string, options: SshOptions = {}): Promise<Transport> {
  if (isLocalTarget(target)) return localTransport(target);
  return connectSsh(target, options);
}

export type { SshOptions };
