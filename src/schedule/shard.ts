// --shard K/N: which of N controllers collects a host, by a stable hash of its inventory name.
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';

export interface Shard {
  /** 0-based, as Kubernetes' JOB_COMPLETION_INDEX: shards 0/3, 1/3 and 2/3 cover a fleet. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) {
    throw new UsageError(`--shard ${text}: not a shard`, { expected: 'K/N with 0 <= K < N (0-based, e.g. 0/3, 1/3, 2/3)', found: text });
  }
  return { index, count };
}

/**
 * SHA-256 of the name, first 8 bytes as an integer, modulo N: the same on every controller, every
 * Node version and every run (no seed, no process state), and spread evenly whatever the names.
 */
export function shardOf(name: string, count: number): number {
  const digest = createHash('sha256').update(name, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(count));
}

export function inShard(names: string[], shard: Shard | null): string[] {
  return shard === null ? names : names.filter((n) => shardOf(n, shard.count) === shard.index);
}
