// The complete snapshots in a host's folder (OUT/HOST/), oldest first, with the files of each.
import { readdir } from 'node:fs/promises';
import { ARCHIVE_EXTENSION } from '../archive/write.js';

export interface StoredSnapshot {
  /** HOST-TIMESTAMP[-N], the archive's name without .tar.gz. */
  baseName: string;
  /** From the name: the collection's start (manifest startedAt, to the second, UTC). */
  at: Date;
  /** Every file of the folder that belongs to it: the archive, its reports, its point. */
  files: string[];
}

// HOST-20261126T014418Z or HOST-20261126T014418Z-2 (src/archive/names.ts snapshotBaseName).
const STAMP = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-(\d{1,3}))?$/;

export function stampOf(baseName: string): Date | null {
  const m = STAMP.exec(baseName);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

/**
 * A snapshot is complete when its archive is there under its final name (it is renamed into place
 * only once written). Hidden files (partials, locks) are never a snapshot's; a report whose
 * archive is gone is not listed either.
 */
export async function listSnapshots(hostDir: string): Promise<StoredSnapshot[]> {
  const names = (await readdir(hostDir).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
  const bases = names.filter((n) => n.endsWith(ARCHIVE_EXTENSION)).map((n) => n.slice(0, -ARCHIVE_EXTENSION.length));
  const list: StoredSnapshot[] = [];
  for (const baseName of bases) {
    const at = stampOf(baseName);
    if (at === null) continue;
    // `web1-…Z.html` is this snapshot's; `web1-…Z-2.html` is the next one's (a dot follows the base).
    list.push({ baseName, at, files: names.filter((n) => n.startsWith(`${baseName}.`)) });
  }
  const suffix = (b: string): number => Number(STAMP.exec(b)?.[7] ?? 1);
  return list.sort((a, b) => a.at.getTime() - b.at.getTime() || suffix(a.baseName) - suffix(b.baseName));
}
