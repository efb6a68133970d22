// One streaming pass over an untrusted tar: checked names, scan caps, and only the kept files held.
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import { UsageError } from '../errors.js';
import { SizeBudget } from './manifest.js';

/** An entry as the caller's policy sees it: its checked path parts (top folder first). */
export interface TarEntry {
  parts: string[];
  /** node-tar's type name: File, Directory, SymbolicLink, Link, CharacterDevice… */
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
 * The bytes the tar parser will see: gunzipped here when the stream starts with gzip's magic
 * (rather than by node-tar, which hides how much it inflated), counted, and stopped past `cap`.
 * The declared sizes alone miss a bomb that is not an entry: gigabytes of zeros after the tar's
 * end block, which node-tar would inflate and skip for minutes.
 */
class CountedTar extends Transform {
  private first = true;
  private gunzip: Transform | null = null;
  seen = 0;

  constructor(private readonly cap: number, private readonly overCap: (bytes: number) => void) {
    super();
  }

  private pass(chunk: Buffer): void {
    this.seen += chunk.length;
    if (this.seen > this.cap) this.overCap(this.seen);
    else this.push(chunk);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.first) {
      this.first = false;
      if (chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b) {
        this.gunzip = createGunzip();
        this.gunzip.on('data', (data: Buffer) => this.pass(data));
        this.gunzip.on('error', (error) => this.destroy(error));
      }
    }
    if (this.gunzip === null) {
      this.pass(chunk);
      return done();
    }
    // Back-pressure: the next chunk waits until zlib has taken this one.
    if (this.gunzip.write(chunk)) done();
    else this.gunzip.once('drain', () => done());
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    this.gunzip?.destroy();
    done(error);
  }

  override _flush(done: TransformCallback): void {
    if (this.gunzip === null) return done();
    this.gunzip.once('end', () => done());
    this.gunzip.end();
  }
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
 * Reads `input` (a tar, or a gzip that node-tar unwraps itself) once. `keep(entry)` is the
 * caller's policy: it throws to refuse the archive, returns the key under which a regular file
 * is held (or the key and a byte count: only the file's last bytes are held, for logs that may
 * exceed the per-file cap), or null to skip it (skipped data is drained, never held). Held files count against a
 * SizeBudget (per file, in total, in number); every entry counts against `caps`. The first
 * refusal destroys the input and rejects; nothing is ever written anywhere.
 */
export async function walkTar(location: string, input: Readable, caps: ScanCaps, keep: (entry: TarEntry) => Keep, backslashNames = false): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const budget = new SizeBudget(location);
  let entries = 0;
  let unpacked = 0;
  let failed = false;
  let lastPath = '(before the first entry)';
  // node-tar is loaded at the first tar read (~40 ms of CPU): analyze of a log, a paste or a
  // folder never needs it.
  const { Parser } = await import('tar');
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({ strict: true });
    const cap = streamCap(caps);
    const counted = new CountedTar(cap, (bytes) => fail(new UsageError(`${location}: archive too large after ${JSON.stringify(lastPath)}`, {
      expected: `at most ${cap} bytes of tar once decompressed (${caps.entries} entries, ${caps.unpackedBytes} bytes of files)`,
      found: `${bytes} bytes and more: a decompression bomb`,
    })));
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      input.unpipe(counted);
      counted.unpipe(parser);
      input.destroy();
      counted.destroy();
      reject(error);
    };
    parser.on('entry', (entry: ReadEntry) => {
      if (failed) return entry.resume();
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
        const decision = keep({ parts, type: entry.type, size: entry.size, linkpath: entry.linkpath ?? null, path: entry.path });
        if (decision === null) return entry.resume();
        const { key, tailBytes } = typeof decision === 'string' ? { key: decision, tailBytes: Infinity } : decision;
        budget.take(entry.path, Math.min(entry.size, tailBytes));
        const tail = new TailBuffer(tailBytes);
        entry.on('data', (chunk: Buffer) => tail.push(chunk));
        entry.on('end', () => files.set(key, tail.bytes()));
      } catch (error) {
        entry.resume();
        fail(error);
      }
    });
    parser.on('error', (error: unknown) => fail(new UsageError(`${location}: not a readable tar archive after ${JSON.stringify(lastPath)}`, { found: String(error), cause: error })));
    parser.on('close', () => (failed ? undefined : resolve()));
    // The tar's end (two zero blocks): whatever follows is never inflated nor read, as GNU tar
    // ignores it too. A bomb of zeros after a small tar costs nothing then.
    parser.on('eof', () => {
      if (failed) return;
      input.unpipe(counted);
      counted.unpipe(parser);
      input.destroy();
      counted.destroy();
      parser.end();
    });
    input.on('error', (error) => fail(new UsageError(`cannot read ${location}`, { found: String(error), cause: error })));
    // A truncated or corrupt gzip: zlib's own words ("unexpected end of file", "incorrect data check").
    counted.on('error', (error) => fail(new UsageError(`${location}: corrupt or truncated compressed data after ${JSON.stringify(lastPath)}`, { expected: 'a whole gzip stream', found: String(error), cause: error })));
    input.pipe(counted).pipe(parser);
  });
  return files;
}
