// Reads a hostsnap snapshot, as a tar.gz archive or as an unpacked folder, into a SourceSet.
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';
import { MAX_ENTRIES, MAX_TOTAL_BYTES, SizeBudget, sourceSetFromFiles } from './manifest.js';
import { walkTar } from './tar-walk.js';
import type { SourceSet } from './types.js';

/**
 * readArchive('web1-20261126T014956Z.tar.gz'): the files under the archive's one top folder
 * (HOST-TIMESTAMP/). Refuses '..', absolute names, links and devices, more than one top folder,
 * and sizes past the caps (MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_ENTRIES), before holding them.
 * `bytes`: the file's bytes when a sniff (sniff.ts) has already started reading them.
 */
export async function readArchive(tarGzPath: string, bytes?: Readable): Promise<SourceSet> {
  let top: string | null = null;
  const caps = { entries: MAX_ENTRIES, unpackedBytes: MAX_TOTAL_BYTES };
  const files = await walkTar(tarGzPath, bytes ?? createReadStream(tarGzPath), caps, (entry) => {
    const { parts } = entry;
    if (parts.length === 0) return null;
    if (top !== null && parts[0] !== top) {
      throw new UsageError(`${tarGzPath}: more than one top folder`, { expected: top, found: parts[0] });
    }
    top = parts[0];
    if (entry.type === 'Directory') return null;
    if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') {
      throw new UsageError(`${tarGzPath}: unexpected ${entry.type} entry`, { expected: 'files and folders', found: entry.path });
    }
    return parts.slice(1).join('/');
  });
  return sourceSetFromFiles('archive', tarGzPath, files);
}

async function isSnapshotRoot(dir: string): Promise<boolean> {
  const names = await readdir(dir);
  return names.includes('manifest.json') || names.includes('raw');
}

/** A regular file (never a link) within the caps, else null when absent. */
async function readRegular(path: string, budget: SizeBudget, into: Map<string, Buffer>, key: string): Promise<void> {
  const stat = await lstat(path).catch(() => null);
  if (stat === null || !stat.isFile()) return;
  budget.take(key, stat.size);
  into.set(key, await readFile(path));
}

/**
 * readSnapshotFolder(dir): an unpacked archive, either the HOST-TIMESTAMP folder itself or a
 * folder holding exactly one such folder. Reads manifest.json and raw/*.txt; symbolic links are
 * skipped (a folder from elsewhere must not make us read /etc/shadow), sizes are capped.
 */
export async function readSnapshotFolder(dir: string): Promise<SourceSet> {
  let root = dir;
  if (!(await isSnapshotRoot(dir))) {
    const subdirs = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory());
    if (subdirs.length !== 1 || !(await isSnapshotRoot(join(dir, subdirs[0].name)))) {
      throw new UsageError(`${dir}: not a hostsnap snapshot folder`, { expected: 'manifest.json and raw/ in it or in its one subfolder', found: `${subdirs.length} subfolders` });
    }
    root = join(dir, subdirs[0].name);
  }
  const budget = new SizeBudget(dir);
  const files = new Map<string, Buffer>();
  await readRegular(join(root, 'manifest.json'), budget, files, 'manifest.json');
  const rawDir = join(root, 'raw');
  const rawStat = await lstat(rawDir).catch(() => null);
  if (rawStat?.isDirectory()) {
    for (const name of (await readdir(rawDir)).sort()) {
      await readRegular(join(rawDir, name), budget, files, `raw/${name}`);
    }
  }
  return sourceSetFromFiles('folder', dir, files);
}
