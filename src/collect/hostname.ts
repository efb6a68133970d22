// The host's own name: the kernel's nodename as the collector read it, else uname -a's second field. Untrusted.

/** HOST_NAME_MAX is 64 on Linux; anything longer did not come from the kernel. */
const MAX_NAME = 255;

/** `Linux web1 2.6.39-linode33 #5 SMP … i686 GNU/Linux` -> `web1`. */
export function hostnameFromUname(unameA: string): string | null {
  const fields = unameA.trim().split(/\s+/);
  return fields.length >= 2 && fields[0] !== '' ? fields[1].slice(0, MAX_NAME) : null;
}

/**
 * /proc/sys/kernel/hostname holds the nodename whole (a name with spaces or markup cannot be
 * cut back out of `uname -a`'s fields); the collector sends its first line. '' -> null.
 */
export function hostnameFromProc(line: string): string | null {
  const name = line.trim();
  return name === '' ? null : name.slice(0, MAX_NAME);
}
