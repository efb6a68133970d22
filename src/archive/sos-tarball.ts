// A sosreport tarball (.tar.xz/.tar.gz/.tar.bz2), read in one streaming pass, never unpacked to disk.
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';
import { compressionOf, fileHead, tarStream } from './decompress.js';
import { readSosTree, sosHoldBytes, SOS_WANTED, type SosreportSet } from './sosreport.js';
import { walkTar, type Keep, type ScanCaps, type TarEntry } from './tar-walk.js';

/**
 * What a sosreport stream may declare in all, read or skipped. A full sos 4.x report of a big
 * host has some tens of thousands of entries (sys/, every /proc/PID) and, with 25 MB per log,
 * can pass a gigabyte unpacked; past these it is refused at the header that crosses them.
 */
export const SOS_SCAN_CAPS: ScanCaps = { entries: 100_000, unpackedBytes: 4 * 1024 ** 3 };

/** Hops through the report's own links before giving up (a loop of links reads as absent). */
const MAX_HOPS = 16;

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

/** `a/b/../c` -> `a/c` inside the report, or null when it climbs out of it. */
function inside(rel: string): string | null {
  const normal = posix.normalize(rel);
  return normal === '..' || normal.startsWith('../') || posix.isAbsolute(normal) ? null : normal.replace(/\/$/, '');
}

/** The report's links and held files, and the reading of a path through links that stay inside. */
class TarTree {
  readonly links = new Map<string, string>();
  /** Every regular file's path in the report: what a link may lead to. */
  readonly entries = new Set<string>();
  files = new Map<string, Buffer>();
  sizes = new Map<string, number>();

  /** Files a wanted path leads to through links that the first pass did not hold. */
  unheldTargets(): Set<string> {
    const targets = new Set<string>();
    for (const rel of SOS_WANTED) {
      const real = this.resolve(rel);
      if (real !== null && real !== rel && this.entries.has(real) && !this.files.has(real)) targets.add(real);
    }
    return targets;
  }

  resolve(rel: string): string | null {
    let parts = rel.split('/');
    for (let hops = 0, i = 1; i <= parts.length; i++) {
      const target = this.links.get(parts.slice(0, i).join('/'));
      if (target === undefined) continue;
      if (++hops > MAX_HOPS) return null;
      parts = [...target.split('/'), ...parts.slice(i)];
      i = 0;
    }
    return parts.join('/');
  }

  async read(rel: string): Promise<{ data: Buffer; size: number } | null> {
    const real = this.resolve(rel);
    const data = real === null ? undefined : this.files.get(real);
    return data === undefined ? null : { data, size: this.sizes.get(real!) ?? data.length };
  }
}

/**
 * The policy for one entry: one top folder (sosreport-HOST-DATE-ID/), folders and regular files,
 * links whose target stays inside the report (sos writes its own as relative links), nothing
 * else. A device, FIFO, or a link out of the report refuses the whole tarball, naming the entry.
 */
function policy(location: string, tree: TarTree, wanted: ReadonlySet<string>): (entry: TarEntry) => Keep {
  let top: string | null = null;
  return (entry) => {
    const { parts } = entry;
    if (parts.length === 0) return null;
    if (top !== null && parts[0] !== top) {
      throw new UsageError(`${location}: more than one top folder`, { expected: `one sosreport folder (${top}/)`, found: entry.path });
    }
    top = parts[0];
    const rel = parts.slice(1).join('/');
    if (entry.type === 'Directory') return null;
    if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
      const target = entry.linkpath ?? '';
      // A symbolic link is relative to its own folder; a hard link names a path in the archive.
      const resolved = target.startsWith('/') ? null
        : entry.type === 'SymbolicLink' ? inside(posix.join(posix.dirname(rel), target))
        : target.split('/')[0] === top ? inside(target.split('/').slice(1).join('/')) : null;
      if (resolved === null) {
        throw new UsageError(`${location}: link out of the report`, { expected: `links that stay inside ${top}/`, found: `${entry.path} -> ${target}` });
      }
      tree.links.set(rel, resolved);
      return null;
    }
    if (!FILE_TYPES.has(entry.type)) {
      throw new UsageError(`${location}: unexpected ${entry.type} entry`, { expected: 'files, folders and links inside the report', found: entry.path });
    }
    tree.entries.add(rel);
    if (!wanted.has(rel)) return null;
    tree.sizes.set(rel, entry.size);
    return { key: rel, tailBytes: sosHoldBytes(rel) };
  };
}

/** True when the file starts like a tarball (compressed or not), whatever its name. */
export async function isTarball(path: string): Promise<boolean> {
  return compressionOf(await fileHead(path)) !== null;
}

/**
 * readSosTarball('sosreport-web1-2026-11-30-abcdef.tar.xz'): its sources, as readSosreport gives.
 * `bytes`: its tar bytes when a sniff (sniff.ts) has already started decoding them.
 */
export async function readSosTarball(path: string, bytes?: Readable): Promise<SosreportSet> {
  const compression = compressionOf(await fileHead(path));
  if (compression === null) {
    bytes?.destroy();
    throw new UsageError(`${path}: not a tarball`, { expected: 'a tar archive, bare or compressed with xz, gzip or bzip2', found: 'other data' });
  }
  const tree = new TarTree();
  tree.files = await walkTar(path, bytes ?? tarStream(path, compression), SOS_SCAN_CAPS, policy(path, tree, SOS_WANTED), true);
  // A link may come before or after its target, and lead anywhere inside the report: when a
  // wanted path leads to a file not held, a second pass holds just those (rare: sos's own root
  // links lead to files the first pass wants anyway).
  const targets = tree.unheldTargets();
  if (targets.size > 0) {
    const second = new TarTree();
    for (const [key, data] of await walkTar(path, tarStream(path, compression), SOS_SCAN_CAPS, policy(path, second, targets), true)) tree.files.set(key, data);
    second.sizes.forEach((size, key) => tree.sizes.set(key, size));
  }
  const set = await readSosTree(path, tree);
  if (set.sources.size === 0) {
    throw new UsageError(`${path}: no sosreport in it`, { expected: 'a sosreport tarball (sos_commands/, proc/, var/log/)', found: 'none of the files hostsnap reads' });
  }
  return set;
}
