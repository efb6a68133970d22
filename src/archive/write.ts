// Writes a snapshot archive (tar.gz): HOST-TIMESTAMP/{manifest.json, raw/ID.txt, analysis.json}.
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import archiver from 'archiver';
import { InternalError } from '../errors.js';
import type { Manifest } from './types.js';
import { isSourceId, snapshotBaseName } from './names.js';

export const ARCHIVE_EXTENSION = '.tar.gz';

export interface ArchiveContent {
  manifest: Manifest;
  /** Raw stdout by probe id; written as raw/ID.txt, byte for byte. */
  outputs: Map<string, Buffer>;
  /** The analysis document (analysis.json). */
  analysis: unknown;
}

/**
 * HOST-TIMESTAMP, made unique in `outDir` against archives already there (two snapshots of one
 * host in one second get -2, -3…), so an archive and its reports never overwrite older ones.
 */
export function freeBaseName(outDir: string, host: string | null | undefined, date: Date): string {
  const base = snapshotBaseName(host, date);
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!existsSync(join(outDir, name + ARCHIVE_EXTENSION)) && !existsSync(join(outDir, partialName(name)))) return name;
  }
}

/** The temporary name while writing: hidden, and never ending in .tar.gz. */
export function partialName(baseName: string): string {
  return `.${baseName}${ARCHIVE_EXTENSION}.partial`;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
}

/**
 * Writes OUT/.BASE.tar.gz.partial, then renames it to OUT/BASE.tar.gz once the gzip stream is
 * flushed and closed: a reader never sees a half-written archive under the final name. On any
 * failure the partial file is removed and the error is passed on. Returns the final path.
 */
export async function writeArchive(outDir: string, baseName: string, content: ArchiveContent): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const finalPath = join(outDir, baseName + ARCHIVE_EXTENSION);
  const tempPath = join(outDir, partialName(baseName));
  const date = new Date(content.manifest.startedAt);
  const raw = [...content.outputs].sort(([a], [b]) => (a < b ? -1 : 1));
  // Ids come from the catalogue; the check keeps a caller's mistake out of the file names.
  const bad = raw.find(([id]) => !isSourceId(id));
  if (bad) throw new InternalError(`not a source id: ${JSON.stringify(bad[0])}`);
  // 'wx': never write into a file someone else created under the temporary name.
  const out = createWriteStream(tempPath, { flags: 'wx', mode: 0o644 });
  const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      const tar = archiver('tar', { gzip: true, gzipOptions: { level: 6 } });
      closed.then(resolve, reject);
      out.on('error', reject);
      tar.on('error', reject);
      tar.on('warning', reject);
      tar.pipe(out);
      const add = (name: string, data: Buffer): void => {
        tar.append(data, { name: `${baseName}/${name}`, date, mode: 0o644 });
      };
      add('manifest.json', json(content.manifest));
      for (const [id, data] of raw) add(`raw/${id}.txt`, data);
      add('analysis.json', json(content.analysis));
      void tar.finalize().catch(reject);
    });
    await rename(tempPath, finalPath);
    return finalPath;
  } catch (error) {
    // Close first: removing before a pending open completes would let the open re-create it.
    out.destroy();
    await closed;
    await rm(tempPath, { force: true });
    throw error;
  }
}
