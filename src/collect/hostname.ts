// The host's own name: the kernel's nodename as it holds it, else uname -a's second field. Untrusted.
import { TransportError } from '../errors.js';
import type { Transport } from '../transport/types.js';
import { reasonOf } from './run-probe.js';

/** HOST_NAME_MAX is 64 on Linux; anything longer did not come from uname. */
const MAX_NAME = 255;

/** `Linux web1 2.6.39-linode33 #5 SMP … i686 GNU/Linux` -> `web1`. */
export function hostnameFromUname(unameA: string): string | null {
  const fields = unameA.trim().split(/\s+/);
  return fields.length >= 2 && fields[0] !== '' ? fields[1].slice(0, MAX_NAME) : null;
}

/**
 * Asks the host for its nodename. /proc/sys/kernel/hostname holds it whole: a name with spaces
 * or markup cannot be cut back out of `uname -a`'s fields. `hostname` where /proc is not there.
 */
export async function askHostname(transport: Transport): Promise<string | null> {
  const { result, stdout } = await transport.exec('cat /proc/sys/kernel/hostname 2>/dev/null || hostname', { sourceId: 'hostname', timeoutMs: 5000, maxBytes: 1024 }).catch((error: unknown) => {
    throw new TransportError(transport.target, `hostname: ${reasonOf(error, transport.target)}`, { cause: error });
  });
  const name = stdout.toString('utf8').trim().split('\n')[0] ?? '';
  return result.exitCode === 0 && name !== '' ? name.slice(0, MAX_NAME) : null;
}
