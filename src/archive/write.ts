// Writes a snapshot archive (tar.gz): HOST-TIMESTAMP/{manifest.json, raw/ID.txt, analysis.json}.
import { existsSync } from 'node:fs';
import { link, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InternalError } from '../errors.js';
import type { Manifest } from './types.js';
import { isSourceId, snapshotBaseName } from './names.js';
import { removeStaleTemps, tempPathFor } from './temp-names.js';

export const ARCHIVE_EXTENSION = '.tar.gz';

export interface ArchiveContent {
  manifest: Manifest;
  /** Raw stdout by probe id; written as raw/ID.txt, byte for byte. */
  outputs: Map<string, Buffer>;
  /** The analysis document (analysis.json). */
  analysis: unknown;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
}

export interface WrittenArchive {
  /** The final path, OUT/BASE.tar.gz. */
  path: string;
  /** HOST-TIMESTAMP[-N]: the top folder inside, and the base name for the reports beside it. */
  baseName: string;
}

/** Final paths this process is writing now: concurrent snapshots of cloned hosts take -2, -3… without a rewrite. */
const writing = new Set<string>();

/** The tar.gz of `content` with top folder `baseName`, into `path` (created exclusively). */
async function writeTar(path: string, baseName: string, content: ArchiveContent, raw: Array<[string, Buffer]>): Promise<void> {
  // archiver costs ~0.25 s of CPU to load (bench/imports): only runs that write an archive pay it
  // (analyze reaches this module through ARCHIVE_EXTENSION).
  const { default: archiver } = await import('archiver');
  const date = new Date(content.manifest.startedAt);
  const file = await open(path, 'wx', 0o644);
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
  } catch (error) {
    out.destroy();
    await closed;
    throw error;
  }
}

/**
 * Writes the archive under a hidden temporary name that carries this process's pid
 * (temp-names.ts), then claims OUT/BASE.tar.gz with link(): link never replaces an existing
 * file, so two writers (processes or hosts of one run: cloned VMs all called `localhost`, in one
 * second) never claim one name, and a reader never sees a half-written archive under a final
 * name. A name taken meanwhile by another process costs a rewrite under the next one (-2, -3…:
 * the top folder inside carries the name). The temporary file is removed on every path; one a
 * SIGKILLed hostsnap left is removed by the next hostsnap that writes into OUT (removeStaleTemps).
 * BASE is HOST-TIMESTAMP with HOST sanitised (names.ts) and TIMESTAMP the manifest's start, in UTC.
 */
export async function writeArchive(outDir: string, host: string | null | undefined, content: ArchiveContent): Promise<WrittenArchive> {
  await mkdir(outDir, { recursive: true });
  await removeStaleTemps(outDir);
  const raw = [...content.outputs].sort(([a], [b]) => (a < b ? -1 : 1));
  // Ids come from the catalogue; the check keeps a caller's mistake out of the file names.
  const bad = raw.find(([id]) => !isSourceId(id));
  if (bad) throw new InternalError(`not a source id: ${JSON.stringify(bad[0])}`);
  const base = snapshotBaseName(host, new Date(content.manifest.startedAt));
  for (let n = 1; n < 1000; n++) {
    const baseName = n === 1 ? base : `${base}-${n}`;
    const finalPath = join(outDir, baseName + ARCHIVE_EXTENSION);
    if (writing.has(finalPath) || existsSync(finalPath)) continue;
    writing.add(finalPath);
    const tempPath = tempPathFor(finalPath);
    try {
      await writeTar(tempPath, baseName, content, raw);
      await link(tempPath, finalPath);
      return { path: finalPath, baseName };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      writing.delete(finalPath);
      await rm(tempPath, { force: true });
    }
  }
  throw new InternalError(`no free archive name for ${base} in ${outDir}`);
}
