// Which kind of tarball a file is (hostsnap snapshot or sosreport), from its first entries only.
import { PassThrough, Readable } from 'node:stream';
import { compressionOf, fileHead, tarStream } from './decompress.js';
import { walkTar } from './tar-walk.js';

export type TarballKind = 'hostsnap' | 'sosreport';

/**
 * Entries looked at before giving up. hostsnap's archive names itself in its first entry; a
 * sosreport may not for long: a full sos 4.0 report here put 316 entries of etc/ before its
 * first sos_commands entry, and sos 3.x (Python's tarfile, directory order) can start with
 * sys/ (1,914 entries). Only headers are looked at, so thousands cost little.
 */
const SNIFF_ENTRIES = 10_000;

/** What only one kind has under its top folder (hostsnap: write.ts; sos: every 3.x/4.x report). */
const MARKS: Array<[RegExp, TarballKind]> = [
  [/^(manifest\.json|raw\/.+\.txt)$/, 'hostsnap'],
  [/^(sos_commands|sos_logs|sos_reports|version\.txt|proc|var\/log)(\/|$)/, 'sosreport'],
];

/** Thrown to stop the walk as soon as the kind is known (or never will be). */
class Decided {
  constructor(readonly kind: TarballKind | null) {}
}

/**
 * Decoded bytes the sniff keeps for the read that follows it (see sniffTarball). The kind is
 * nearly always known in the first few KB (entry 33 of a sos 4.0 .tar.xz here); a sniff that
 * runs past this (thousands of etc/ entries first) keeps nothing and the read starts over.
 */
const MAX_HELD_BYTES = 8 * 1024 * 1024;

/** A tarball's kind, and its tar bytes for the read: what the sniff consumed, then the rest, once decoded. */
export interface Sniffed {
  kind: TarballKind;
  /** Destroy it when not read to its end (it holds the file and, for xz, a decoder). */
  bytes: Readable;
}

/**
 * The kind of tarball at `path` (null when it is not one or says nothing in its first
 * SNIFF_ENTRIES entries), read only until it knows. The bytes it read are not thrown away: the
 * returned stream gives them again, then the rest of the same decoding pass, so that the read
 * that follows decodes nothing twice (a second xz pass over a report's first blocks cost
 * ~50 ms). An unsafe entry met on the way refuses it as the full reader would.
 */
export async function sniffTarball(path: string): Promise<Sniffed | null> {
  const compression = compressionOf(await fileHead(path));
  if (compression === null) return null;
  const source = tarStream(path, compression);
  let held: Buffer[] | null = [];
  let heldBytes = 0;
  // What the sniff's walk reads and may destroy; `source` stays whole for the replay.
  const view = new PassThrough();
  source.on('data', (chunk: Buffer) => {
    if (held !== null) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes > MAX_HELD_BYTES) held = null;
    }
    if (view.destroyed) return void source.pause();
    if (!view.write(chunk)) {
      source.pause();
      view.once('drain', () => source.resume());
    }
  });
  source.on('end', () => (view.destroyed ? undefined : view.end()));
  source.on('error', (error) => (view.destroyed ? undefined : view.destroy(error)));
  let kind: TarballKind | null = null;
  let seen = 0;
  try {
    await walkTar(path, view, { entries: Infinity, unpackedBytes: Infinity }, (entry) => {
      const rel = entry.parts.slice(1).join('/');
      for (const [pattern, mark] of MARKS) if (pattern.test(rel)) throw new Decided(mark);
      // sos's own links at the report's top (free -> sos_commands/memory/free) sort before etc/.
      if (entry.parts.length === 2 && entry.linkpath?.startsWith('sos_commands/')) throw new Decided('sosreport');
      if (++seen >= SNIFF_ENTRIES) throw new Decided(null);
      return null;
    }, true);
  } catch (error) {
    if (!(error instanceof Decided)) {
      source.destroy();
      throw error;
    }
    kind = error.kind;
  }
  source.pause();
  source.removeAllListeners('data');
  if (kind === null || held === null) {
    source.destroy();
    return kind === null ? null : { kind, bytes: tarStream(path, compression) };
  }
  return { kind, bytes: replay(held, source) };
}

/** `first`, then whatever `rest` has not given yet; destroying it (or its end) destroys `rest`. */
function replay(first: Buffer[], rest: Readable): Readable {
  const out = Readable.from((async function* chunks() {
    yield* first;
    yield* rest;
  })(), { objectMode: false });
  out.once('close', () => rest.destroy());
  return out;
}

/** The kind of tarball at `path`, or null (see sniffTarball); nothing is kept for a read. */
export async function tarballKind(path: string): Promise<TarballKind | null> {
  const sniffed = await sniffTarball(path);
  sniffed?.bytes.destroy();
  return sniffed?.kind ?? null;
}
