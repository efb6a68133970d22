// Which kind of tarball a file is (hostsnap snapshot or sosreport), from its first entries only.
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

/**
 * The sniff reads and decodes this much at a time, not a whole pass's 1 MiB (decompress.ts): the
 * kind is nearly always known in the first few blocks, and a 1 MiB first chunk made the sniff
 * decode a small report (a 0.9 MB .tar.xz here) almost whole before the real pass decoded it again.
 */
const SNIFF_CHUNK = 64 * 1024;

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
 * The kind of tarball at `path`, or null when it is not one or says nothing in its first
 * SNIFF_ENTRIES entries. Reads only until it knows: a few blocks of a large sosreport. An unsafe
 * entry met on the way refuses it as the full reader would.
 */
export async function tarballKind(path: string): Promise<TarballKind | null> {
  const compression = compressionOf(await fileHead(path));
  if (compression === null) return null;
  let seen = 0;
  try {
    await walkTar(path, tarStream(path, compression, SNIFF_CHUNK), { entries: Infinity, unpackedBytes: Infinity }, (entry) => {
      const rel = entry.parts.slice(1).join('/');
      for (const [pattern, kind] of MARKS) if (pattern.test(rel)) throw new Decided(kind);
      // sos's own links at the report's top (free -> sos_commands/memory/free) sort before etc/.
      if (entry.parts.length === 2 && entry.linkpath?.startsWith('sos_commands/')) throw new Decided('sosreport');
      if (++seen >= SNIFF_ENTRIES) throw new Decided(null);
      return null;
    }, true);
  } catch (error) {
    if (error instanceof Decided) return error.kind;
    throw error;
  }
  return null;
}
