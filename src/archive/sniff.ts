// Which kind of tarball a file is (hostsnap snapshot or sosreport), from its first entries only.
import { compressionOf, fileHead, tarStream } from './decompress.js';
import { walkTar } from './tar-walk.js';

export type TarballKind = 'hostsnap' | 'sosreport';

/** Entries looked at before giving up: both kinds name themselves within their first few. */
const SNIFF_ENTRIES = 400;

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
    await walkTar(path, tarStream(path, compression), { entries: Infinity, unpackedBytes: Infinity }, (entry) => {
      const rel = entry.parts.slice(1).join('/');
      for (const [pattern, kind] of MARKS) if (pattern.test(rel)) throw new Decided(kind);
      if (++seen >= SNIFF_ENTRIES) throw new Decided(null);
      return null;
    }, true);
  } catch (error) {
    if (error instanceof Decided) return error.kind;
    throw error;
  }
  return null;
}
