// Retention: prunes a host's old snapshots by --keep, never its newest complete one.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Keep } from './keep.js';
import { listSnapshots, type StoredSnapshot } from './snapshots.js';

/** The snapshots --keep lets go; the newest is always kept, however old (a host down for weeks). */
export function toPrune(snapshots: StoredSnapshot[], keep: Keep, now: Date): StoredSnapshot[] {
  const older = snapshots.slice(0, -1);
  if ('count' in keep) return snapshots.slice(0, Math.max(0, snapshots.length - keep.count));
  return older.filter((s) => now.getTime() - s.at.getTime() > keep.ms);
}

/** Deletes them (every file of each); returns the base names removed. */
export async function prune(hostDir: string, keep: Keep, now: Date = new Date()): Promise<string[]> {
  const gone = toPrune(await listSnapshots(hostDir), keep, now);
  for (const snapshot of gone) {
    // The archive last: a snapshot whose reports are half-deleted is still listed and pruned next time.
    const files = [...snapshot.files].sort((a, b) => Number(a.endsWith('.tar.gz')) - Number(b.endsWith('.tar.gz')));
    for (const file of files) await rm(join(hostDir, file), { force: true });
  }
  return gone.map((s) => s.baseName);
}
