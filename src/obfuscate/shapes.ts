// Addresses found by their shape (IPv4, IPv6, MAC), wherever they stand in a text.
import { isIPv4, isIPv6 } from 'node:net';
import type { ValueKind } from './kinds.js';

export interface Shape {
  kind: Extract<ValueKind, 'ipv4' | 'ipv6' | 'mac'>;
  /** Global. */
  pattern: RegExp;
  /** Whether a match really is one (the pattern alone lets 999.1.1.1 or 12:08:50 through). */
  valid: (text: string) => boolean;
}

/**
 * IPv4: four dotted numbers, not inside a longer dotted or dashed run. Kernel releases look like
 * addresses (2.6.32.59-0.7-default): a match followed by '-' and a letter or digit is a version.
 */
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]|-\w)/g;

/**
 * IPv6: hex groups and colons, with '::' or all eight groups; node's isIPv6 decides. Clock times
 * (12:08:50), PCI slots (0000:00:01.0) and C++ names (std::vector: a letter before) fail it.
 */
const IPV6 = /(?<![\w:.])(?:[0-9a-fA-F]{1,4}:|:)(?::|[0-9a-fA-F]{1,4}:){1,7}(?:[0-9a-fA-F]{1,4}|:)?(?![\w:])/g;

/** MAC-48: six hex pairs split by ':' or '-' (one kind of separator), not inside a longer run. */
const MAC = /(?<![\w:-])[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(?:\1[0-9a-fA-F]{2}){4}(?![\w:-])/g;

export const SHAPES: readonly Shape[] = [
  { kind: 'mac', pattern: MAC, valid: () => true },
  { kind: 'ipv6', pattern: IPV6, valid: (t) => isIPv6(t) && /[0-9a-fA-F]/.test(t) || t === '::' },
  { kind: 'ipv4', pattern: IPV4, valid: (t) => isIPv4(t) },
];
