// --keep N|DURATION: how many snapshots of a host to keep, or for how long.
import { UsageError } from '../errors.js';

export type Keep = { count: number } | { ms: number };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30` (the newest 30 per host), `12h`, `7d`, `2w` (snapshots younger than that). */
export function parseKeep(text: string): Keep {
  const trimmed = text.trim();
  if (/^\d{1,6}$/.test(trimmed) && Number(trimmed) >= 1) return { count: Number(trimmed) };
  const match = /^(\d{1,6})([smhdw])$/.exec(trimmed);
  if (match && Number(match[1]) >= 1) return { ms: Number(match[1]) * UNIT_MS[match[2]] };
  throw new UsageError(`--keep ${text}: neither a count nor a duration`, { expected: 'a count of snapshots per host (30) or a duration: 90s, 30m, 12h, 7d, 2w', found: text });
}
