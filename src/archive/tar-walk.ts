// One streaming pass over an untrusted tar: checked names, scan caps, and only the kept files held.
import type { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { UsageError } from '../errors.js';
import { SizeBudget } from './manifest.js';
import { TarReader, type TarBody, type TarHeader } from './tar-reader.js';

/** An entry as the caller's policy sees it: its checked path parts (top folder first). */
export interface TarEntry {
  parts: string[];
  /** The type by node-tar's names (tar-reader.ts): File, Directory, SymbolicLink, Link, CharacterDevice… */
  type: string;
  /** The size its header declares (what unpacking it would write). */
  size: number;
  /** The target of a SymbolicLink or Link, as written in the archive. */
  linkpath: string | null;
  /** The path as written in the archive (for errors). */
  path: string;
}

/** What the policy says of an entry: skip it (null), hold it whole, or hold its last tailBytes. */
export type Keep = string | { key: string; tailBytes: number } | null;

/** The last `max` bytes of a stream, without holding more than `max` plus one chunk. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private held = 0;
  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.held += chunk.length;
    while (this.chunks.length > 1 && this.held - this.chunks[0].length >= this.max) this.held -= this.chunks.shift()!.length;
  }

  bytes(): Buffer {
    const all = Buffer.concat(this.chunks);
    return all.length > this.max ? all.subarray(all.length - this.max) : all;
  }
}

/** Limits on what the whole stream may declare, kept or not: a bomb is refused at its header. */
export interface ScanCaps {
  entries: number;
  unpackedBytes: number;
}

/** Tar's own bytes beyond the files' data: a 512-byte header per entry (two with a long name), padding, the end. */
const TAR_OVERHEAD_PER_ENTRY = 1536;
const TAR_OVERHEAD = 1024 * 1024;

/** The most tar bytes a stream within `caps` can hold: past it, it is a bomb (zeros after the end, say). */
export function streamCap(caps: ScanCaps): number {
  return caps.unpackedBytes + TAR_OVERHEAD_PER_ENTRY * caps.entries + TAR_OVERHEAD;
}

/**
 * An archive is untrusted: a path that climbs out, is absolute or empty is refused outright. A
 * backslash is refused too unless `backslashNames`: hostsnap writes none, but a sosreport
 * copies systemd's escaped unit names (`system-systemd\x2dcryptsetup.slice`) as they are, and
 * names are only ever map keys here, never paths on a disk.
 */
export function checkedPath(location: string, path: string, backslashNames = false): string[] {
  const parts = path.replace(/\/+$/, '').split('/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || (!backslashNames && path.includes('\\')) || parts.some((p) => p === '..' || p === '')) {
    throw new UsageError(`${location}: unsafe path in archive`, { expected: 'relative paths inside one folder', found: JSON.stringify(path) });
  }
  return parts.filter((p) => p !== '.');
}

/**
 * Reads `input` (a tar, or a gzip, unwrapped here) once, with TarReader (tar-reader.ts). `keep(entry)` is the
 * caller's policy: it throws to refuse the archive, returns the key under which a regular file
 * is held (or the key and a byte count: only the file's last bytes are held, for logs that may
 * exceed the per-file cap), or null to skip it (skipped data is dropped, never held). Held files
 * count against a SizeBudget (per file, in total, in number); every entry counts against `caps`,
 * and the tar bytes themselves against streamCap(caps): the declared sizes alone miss a bomb that
 * is not an entry (gigabytes of zeros that never reach an end block). The first refusal destroys
 * the input and rejects; nothing is ever written anywhere.
 */
export async function walkTar(location: string, input: Readable, caps: ScanCaps, keep: (entry: TarEntry) => Keep, backslashNames = false): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const budget = new SizeBudget(location);
  const cap = streamCap(caps);
  let entries = 0;
  let unpacked = 0;
  let seen = 0;
  let lastPath = '(before the first entry)';
  /** The policy's or the caps' refusal, thrown through the reader: passed on as it is. */
  let refusal: unknown = null;
  let gunzip: Gunzip | null = null;
  let settled = false;
  return new Promise<Map<string, Buffer>>((resolve, reject) => {
    const stop = (): void => {
      input.destroy();
      gunzip?.destroy();
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      stop();
      reject(error);
    };
    const unreadable = (error: unknown): UsageError => new UsageError(`${location}: not a readable tar archive after ${JSON.stringify(lastPath)}`, { found: String(error), cause: error });
    // The end block, or the end of the bytes: nothing after the end block is inflated nor read
    // (GNU tar ignores it too), so a bomb of zeros after a small tar costs nothing.
    const finish = (): void => {
      if (settled) return;
      try {
        reader.end();
      } catch (error) {
        return fail(unreadable(error));
      }
      settled = true;
      stop();
      resolve(files);
    };
    const onEntry = (entry: TarHeader): TarBody | null => {
      try {
        entries += 1;
        unpacked += entry.size;
        lastPath = entry.path;
        if (entries > caps.entries || unpacked > caps.unpackedBytes) {
          throw new UsageError(`${location}: archive too large at ${JSON.stringify(entry.path)}`, {
            expected: `at most ${caps.entries} entries and ${caps.unpackedBytes} bytes unpacked`,
            found: `entry ${entries}, ${unpacked} bytes unpacked so far (this one ${entry.size})`,
          });
        }
        const parts = checkedPath(location, entry.path, backslashNames);
        const decision = keep({ parts, type: entry.type, size: entry.size, linkpath: entry.linkpath, path: entry.path });
        if (decision === null) return null;
        const { key, tailBytes } = typeof decision === 'string' ? { key: decision, tailBytes: Infinity } : decision;
        budget.take(entry.path, Math.min(entry.size, tailBytes));
        const tail = new TailBuffer(tailBytes);
        return { data: (chunk) => tail.push(chunk), end: () => files.set(key, tail.bytes()) };
      } catch (error) {
        refusal = error;
        throw error;
      }
    };
    const reader = new TarReader(onEntry, finish);
    const pass = (chunk: Buffer): void => {
      if (settled) return;
      seen += chunk.length;
      if (seen > cap) {
        return fail(new UsageError(`${location}: archive too large after ${JSON.stringify(lastPath)}`, {
          expected: `at most ${cap} bytes of tar once decompressed (${caps.entries} entries, ${caps.unpackedBytes} bytes of files)`,
          found: `${seen} bytes and more: a decompression bomb`,
        }));
      }
      try {
        reader.feed(chunk);
      } catch (error) {
        fail(refusal ?? unreadable(error));
      }
    };
    let first = true;
    input.on('data', (chunk: Buffer) => {
      if (first) {
        first = false;
        // gzip by its magic: inflated here (zlib), so that its output is counted against the cap.
        if (chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b) {
          gunzip = createGunzip();
          gunzip.on('data', pass);
          gunzip.on('end', finish);
          gunzip.on('drain', () => input.resume());
          // A truncated or corrupt gzip: zlib's own words ("unexpected end of file", "incorrect data check").
          gunzip.on('error', (error) => fail(new UsageError(`${location}: corrupt or truncated compressed data after ${JSON.stringify(lastPath)}`, { expected: 'a whole gzip stream', found: String(error), cause: error })));
        }
      }
      if (gunzip === null) pass(chunk);
      // Back-pressure: the file waits while zlib has more than its buffer to inflate.
      else if (!gunzip.write(chunk)) input.pause();
    });
    input.on('end', () => (gunzip === null ? finish() : gunzip.end()));
    input.on('error', (error) => fail(new UsageError(`cannot read ${location}`, { found: String(error), cause: error })));
  });
}
