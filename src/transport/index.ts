// Opens the transport a target names: `local` runs on this machine, anything else goes over SSH.
import { localTransport } from './local.js';
import type { SshOptions } from './ssh.js';
import type { Transport } from './types.js';

export const LOCAL_TARGET = 'local';

export function isLocalTarget(target: string): boolean {
  return target === LOCAL_TARGET;
}

/**
 * `local` -> the local transport (no SSH, options unused); `[user@]host[:port]` or an alias -> ssh2.
 * ssh.js is loaded at the first SSH target: ssh2 and its crypto cost ~0.14 s of CPU to load, which
 * `snapshot local` never uses.
 */
export async function openTransport(target: string, options: SshOptions = {}): Promise<Transport> {
  if (isLocalTarget(target)) return localTransport(target);
  const { connectSsh } = await import('./ssh.js');
  return connectSsh(target, options);
}

export type { SshOptions };
