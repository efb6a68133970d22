// Stand-ins of the same width as the value they replace, so that fixed-width tables stay aligned.
import type { ValueKind } from './kinds.js';

const PREFIX: Record<'host' | 'user' | 'cgroup' | 'group' | 'label', string> = { host: 'h', user: 'u', cgroup: 'c', group: 'g', label: 'd' };

/**
 * `h7xxx` for the 7th host name of 5 characters: a kind letter, the counter, 'x' up to the
 * original's width (ps prints USER in 8 columns and reads COMMAND by the header's width; a name
 * of another width would shift them). The counter comes before the filler so that two names
 * never share a prefix: ps cuts long users to 7 characters and a '+', and those cut forms must
 * still differ. A name too short for letter and counter grows (h10 for a 2-letter host).
 */
export function nameStandIn(kind: keyof typeof PREFIX, n: number, width: number): string {
  const core = `${PREFIX[kind]}${n}`;
  return core.length >= width ? core : core + 'x'.repeat(width - core.length);
}

/** The widths of an IPv4 address's octets: 127.0.5.12 -> [3, 1, 1, 2]. */
function octetWidths(address: string): number[] {
  return address.split('.').map((o) => o.length);
}

// The values an octet of 1, 2 or 3 digits can take, from low to high.
const OCTET_RANGE: Record<number, [number, number]> = { 1: [0, 9], 2: [10, 99], 3: [100, 255] };

/**
 * The n-th IPv4 stand-in with the same octet widths as `address` (so the same length): the
 * counter written in mixed radix over the last three octets, the first octet the lowest of its
 * width (10, 100, or 1 — never 127, so nothing reads as loopback unless the original did).
 */
export function ipv4StandIn(address: string, n: number): string {
  const widths = octetWidths(address);
  const octets: number[] = [];
  let rest = n;
  for (let i = 3; i >= 1; i--) {
    const [lo, hi] = OCTET_RANGE[widths[i]];
    const radix = hi - lo + 1;
    octets[i] = lo + (rest % radix);
    rest = Math.floor(rest / radix);
  }
  const [lo0] = OCTET_RANGE[widths[0]];
  // Past the capacity of the widths, the first octet counts on (the width may then change).
  octets[0] = (widths[0] === 1 ? 1 : lo0) + rest;
  return octets.join('.');
}

/** fd00::N (a unique-local address: routes nowhere), N in hex. */
export function ipv6StandIn(n: number): string {
  return `fd00::${n.toString(16)}`;
}

/** 02:00:00:NN:NN:NN, a locally administered unicast MAC, in the original's separator and case. */
export function macStandIn(original: string, n: number): string {
  const sep = original.includes('-') ? '-' : ':';
  const hex = n.toString(16).padStart(6, '0').slice(-6);
  const text = ['02', '00', '00', hex.slice(0, 2), hex.slice(2, 4), hex.slice(4, 6)].join(sep);
  return original === original.toUpperCase() ? text.toUpperCase() : text;
}

export type NameKind = Exclude<ValueKind, 'ipv4' | 'ipv6' | 'mac' | 'domain'>;
