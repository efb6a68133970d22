// Reads a hostsnap snapshot, as a tar.gz archive or as an unpacked folder, into a SourceSet.
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import { UsageError } from '../errors.js';
import { SizeBudget, sourceSetFromFiles } from './manifest.js';
import type { SourceSet } from './types.js';

/** An archive is untrusted: a path that climbs out, is absolute or empty is refused outright. */
function checkedPath(location: string, path: string): string[] {
  const parts = path.replace(/\/+$/, '').split('/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || parts.some((p) => p === '..' || p === '')) {
    throw new UsageError(`${location}: unsafe path in archive`, { expected: 'relative paths inside one folder', found: JSON.stringify(path) });
  }
  return parts.filter((p) => p !== '.');
}

/**
 * readArchive('web1-20261126T014956Z.tar.gz'): the files under the archive's one top folder
 * (HOST-TIMESTAMP/). Refuses '..', absolute names, links and devices, more than one top folder,
 * and sizes past the caps (MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_ENTRIES), before holding them.
 */
export async function readArchive(tarGzPath: string): Promise<SourceSet> {
  const files = new Map<string, Buffer>();
  const budget = new SizeBudget(tarGzPath);
  let top: string | null = null;
  await new Promise<void>((resolve, reject) => {
    const input = createReadStream(tarGzPath);
    const parser = new Parser({ strict: true });
    const fail = (error: unknown): void => {
      input.destroy();
      reject(error);
    };
    parser.on('entry', (entry: ReadEntry) => {
      try {
        const parts = checkedPath(tarGzPath, entry.path);
        if (parts.length === 0) return entry.resume();
        if (top !== null && parts[0] !== top) {
          throw new UsageError(`${tarGzPath}: more than one top folder`, { expected: top, found: parts[0] });
        }
        top = parts[0];
        if (entry.type === 'Directory') return entry.resume();
        if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') {
          throw new UsageError(`${tarGzPath}: unexpected ${entry.type} entry`, { expected: 'files and folders', found: entry.path });
        }
        budget.take(entry.path, entry.size);
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => files.set(parts.slice(1).join('/'), Buffer.concat(chunks)));
      } catch (error) {
        entry.resume();
        fail(error);
      }
    });
    parser.on('error', (error: unknown) => fail(new UsageError(`${tarGzPath}: not a readable tar.gz`, { found: String(error), cause: error })));
    parser.on('close', () => resolve());
    input.on('error', (error) => fail(new UsageError(`cannot read ${tarGzPath}`, { found: String(error), cause: error })));
    input.pipe(parser);
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
