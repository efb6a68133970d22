// Writes a snapshot archive (tar.gz): HOST-TIMESTAMP/{manifest.json, raw/ID.txt, analysis.json}.
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
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

/** The temporary name while writing: hidden, and never ending in .tar.gz. */
export function partialName(baseName: string): string {
  return `.${baseName}${ARCHIVE_EXTENSION}.partial`;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
}

/**
 * Claims HOST-TIMESTAMP in `outDir` by creating its hidden partial file exclusively ('wx'): two
 * hosts with one hostname in one second (cloned VMs all called `localhost`) get -2, -3…, and an
 * archive never overwrites an older one or another writer's.
 */
async function claimBaseName(outDir: string, host: string | null | undefined, date: Date): Promise<{ baseName: string; file: FileHandle }> {
  const base = snapshotBaseName(host, date);
  for (let n = 1; n < 1000; n++) {
    const baseName = n === 1 ? base : `${base}-${n}`;
    if (existsSync(join(outDir, baseName + ARCHIVE_EXTENSION))) continue;
    try {
      return { baseName, file: await open(join(outDir, partialName(baseName)), 'wx', 0o644) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new InternalError(`no free archive name for ${base} in ${outDir}`);
}

export interface WrittenArchive {
  /** The final path, OUT/BASE.tar.gz. */
  path: string;
  /** HOST-TIMESTAMP[-N]: the top folder inside, and the base name for the reports beside it. */
  baseName: string;
}

/**
 * Writes OUT/.BASE.tar.gz.partial, then renames it to OUT/BASE.tar.gz once the gzip stream is
 * flushed and closed: a reader never sees a half-written archive under the final name. On any
 * failure the partial file is removed and the error is passed on. BASE is HOST-TIMESTAMP with
 * HOST sanitised (names.ts) and TIMESTAMP the manifest's start, in UTC.
 */
export async function writeArchive(outDir: string, host: string | null | undefined, content: ArchiveContent): Promise<WrittenArchive> {
  await mkdir(outDir, { recursive: true });
  const date = new Date(content.manifest.startedAt);
  const raw = [...content.outputs].sort(([a], [b]) => (a < b ? -1 : 1));
  // Ids come from the catalogue; the check keeps a caller's mistake out of the file names.
  const bad = raw.find(([id]) => !isSourceId(id));
  if (bad) throw new InternalError(`not a source id: ${JSON.stringify(bad[0])}`);
  const { baseName, file } = await claimBaseName(outDir, host, date);
  const finalPath = join(outDir, baseName + ARCHIVE_EXTENSION);
  const tempPath = join(outDir, partialName(baseName));
  const out = file.createWriteStream();
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
    return { path: finalPath, baseName };
  } catch (error) {
    out.destroy();
    await closed;
    await rm(tempPath, { force: true });
    throw error;
  }
}
