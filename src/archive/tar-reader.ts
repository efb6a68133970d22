// A strict tar header reader, fed bytes as they come: each header checked, each body passed on or dropped.
//
// Hand-written in place of node-tar's Parser (kept from h/speed's reader, session 6): node-tar makes
// a stream object, events and a PAX parse for every entry, and a sos 4.0 report has 1,234 of them
// (sos writes PAX), of which analyze keeps a few dozen: 0.27-0.34 s of CPU per report here. This
// reader only reads headers; the safety rules stay in tar-walk.ts and the callers' policies, and
// test/archive (GNU tar's gnu, pax and ustar outputs in any chunking, the hostile tarballs) holds it.

/** One entry's header, its long name or pax records applied. */
export interface TarHeader {
  /** The path as written in the archive (prefix/name, or the GNU long name, or pax `path`). */
  path: string;
  /** The type by node-tar's names, which the readers' policies and errors use: File, Directory, SymbolicLink… */
  type: string;
  /** The body's length: what unpacking the entry would write. */
  size: number;
  /** A link's target as written, else null. */
  linkpath: string | null;
}

/** Receives a kept entry's body, in order (slices of what was fed: copy to keep), then its end. */
export interface TarBody {
  data(chunk: Buffer): void;
  end(): void;
}

const BLOCK = 512;

/**
 * A long name (GNU L/K) or pax header is held whole before the entry it describes: past this it
 * is refused rather than held (node-tar's default cap too). Real ones are a few hundred bytes.
 */
const MAX_META_BYTES = 1024 * 1024;

/** The typeflag byte's meaning, by node-tar's names (POSIX ustar, GNU and pax extensions). */
const TYPES: Record<string, string> = {
  '0': 'File', '\0': 'OldFile', '1': 'Link', '2': 'SymbolicLink', '3': 'CharacterDevice', '4': 'BlockDevice',
  '5': 'Directory', '6': 'FIFO', '7': 'ContiguousFile', g: 'GlobalExtendedHeader', x: 'ExtendedHeader',
  X: 'OldExtendedHeader', L: 'NextFileHasLongPath', N: 'OldGnuLongPath', K: 'NextFileHasLongLinkpath',
  A: 'SolarisACL', D: 'GNUDumpDir', I: 'Inode', M: 'ContinuationFile', S: 'SparseFile', V: 'TapeVolumeHeader',
};

/** The entries that describe the next one (pax x/g, Solaris X, GNU long names L/N/K): applied, never passed on. */
const META_FLAGS = 'xgXLNK';

/** A NUL-terminated field. */
function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.toString('utf8', 0, nul === -1 ? field.length : nul);
}

/**
 * A numeric field: octal digits (space or NUL padded), or GNU's base-256 for sizes past 8 GiB
 * (first byte's high bit set). A negative or malformed number is refused.
 */
function numeric(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  if (field[0] & 0x80) {
    if (field[0] === 0xff) throw new Error(`negative number at header offset ${start}`);
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return value;
  }
  const digits = field.toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (!/^[0-7]*$/.test(digits)) throw new Error(`not an octal number at header offset ${start}: ${JSON.stringify(digits)}`);
  return digits === '' ? 0 : parseInt(digits, 8);
}

/** The header's checksum field against the sum of its bytes (the field itself read as spaces). */
function checksumValid(block: Buffer): boolean {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i];
  return numeric(block, 148, 8) === sum;
}

/** The pax keys that change what is read; the others (mtime, uid, SCHILY.xattr.*…) are dropped. */
const PAX_KEYS = new Set(['path', 'linkpath', 'size']);

/**
 * pax records, `LEN key=value\n` each; only path, linkpath and size are kept, so that global
 * headers (which stay for the whole archive) hold at most three values however many there are.
 */
function paxRecords(body: Buffer, into: Map<string, string>): void {
  for (let at = 0; at < body.length;) {
    // GNU tar pads a pax body with NULs to its declared size on some writers: the rest is empty.
    if (body[at] === 0) break;
    const space = body.indexOf(0x20, at);
    const length = space === -1 ? NaN : Number(body.toString('latin1', at, space));
    if (!Number.isInteger(length) || length <= space - at || at + length > body.length) throw new Error('malformed pax record');
    const record = body.toString('utf8', space + 1, at + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0 && PAX_KEYS.has(record.slice(0, equals))) into.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
}

/** True when every byte of the block is zero (the end-of-archive marker). */
function zeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

type State = 'header' | 'body' | 'meta' | 'padding' | 'done';

/**
 * Feed tar bytes in with feed(); `onEntry` is called at each entry's header (meta entries are
 * applied, not passed) and returns where its body goes, or null to drop it; `onEnd` when the
 * end-of-archive block is met (feed() then ignores anything after it). A bad checksum, a bad
 * number, an oversized meta entry throw from feed(); end() throws when the bytes stopped inside
 * an entry. Nothing is buffered beyond one header or one meta entry: bodies are passed on as
 * slices of what was fed.
 */
export class TarReader {
  private state: State = 'header';
  private staged: Buffer[] = [];
  private stagedBytes = 0;
  /** Bytes left in the current body (or meta body), then in its padding to the block. */
  private remaining = 0;
  private padding = 0;
  private body: TarBody | null = null;
  private metaFlag = '';
  private longPath: string | null = null;
  private longLink: string | null = null;
  private pax = new Map<string, string>();
  private globalPax = new Map<string, string>();

  constructor(private readonly onEntry: (header: TarHeader) => TarBody | null, private readonly onEnd: () => void) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /** The bytes ended: fine at a header boundary (no end block, as GNU tar accepts), not inside an entry. */
  end(): void {
    if (this.state === 'done' || (this.state === 'header' && this.stagedBytes === 0)) return;
    throw new Error(`truncated archive: the stream ended inside an entry (${this.state})`);
  }

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && this.state !== 'done') {
      if (this.state === 'body') {
        const take = Math.min(this.remaining, chunk.length - at);
        if (take > 0) this.body?.data(chunk.subarray(at, at + take));
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) this.endBody();
      } else if (this.state === 'padding') {
        const take = Math.min(this.padding, chunk.length - at);
        this.padding -= take;
        at += take;
        if (this.padding === 0) this.state = 'header';
      } else {
        const need = this.state === 'header' ? BLOCK : this.remaining;
        // A whole header inside the chunk is read in place: no copy (the usual case).
        if (this.stagedBytes === 0 && chunk.length - at >= need) {
          const whole = chunk.subarray(at, at + need);
          at += need;
          if (this.state === 'header') this.header(whole);
          else this.meta(whole);
          continue;
        }
        const take = Math.min(need - this.stagedBytes, chunk.length - at);
        this.staged.push(chunk.subarray(at, at + take));
        this.stagedBytes += take;
        at += take;
        if (this.stagedBytes < need) continue;
        const whole = Buffer.concat(this.staged, this.stagedBytes);
        this.staged = [];
        this.stagedBytes = 0;
        if (this.state === 'header') this.header(whole);
        else this.meta(whole);
      }
    }
  }

  private startBody(size: number, state: 'body' | 'meta'): void {
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    this.state = size === 0 ? (this.padding > 0 ? 'padding' : 'header') : state;
  }

  private endBody(): void {
    this.body?.end();
    this.body = null;
    this.state = this.padding > 0 ? 'padding' : 'header';
  }

  private header(block: Buffer): void {
    // The end of the archive: GNU tar and node-tar write two zero blocks; the first is enough to stop.
    if (zeroBlock(block)) {
      this.state = 'done';
      this.onEnd();
      return;
    }
    if (!checksumValid(block)) throw new Error('header checksum failure');
    const flag = String.fromCharCode(block[156]);
    const type = TYPES[flag] ?? 'Unsupported';
    // A pax `size` is per entry (a global one would make no sense and is not followed).
    const paxSize = this.pax.get('size');
    const size = paxSize === undefined ? numeric(block, 124, 12) : Number(paxSize);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`bad entry size ${paxSize ?? size}`);
    if (META_FLAGS.includes(flag)) {
      if (size > MAX_META_BYTES) throw new Error(`${type} entry of ${size} bytes (at most ${MAX_META_BYTES})`);
      this.metaFlag = flag;
      this.startBody(size, 'meta');
      if (size === 0) this.meta(Buffer.alloc(0));
      return;
    }
    // POSIX ustar ("ustar\0" "00") splits a long path into prefix/name; GNU's magic has no prefix.
    const prefix = block.toString('latin1', 257, 265) === 'ustar\x0000' ? text(block, 345, 155) : '';
    const name = prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100);
    const path = this.pax.get('path') ?? this.globalPax.get('path') ?? this.longPath ?? name;
    const isLink = type === 'Link' || type === 'SymbolicLink';
    const linkpath = isLink ? (this.pax.get('linkpath') ?? this.globalPax.get('linkpath') ?? this.longLink ?? text(block, 157, 100)) : null;
    if (this.pax.size > 0) this.pax = new Map();
    this.longPath = null;
    this.longLink = null;
    if (path === '') throw new Error('entry without a path');
    if (isLink && linkpath === '') throw new Error(`${type} entry without a target: ${JSON.stringify(path)}`);
    this.body = this.onEntry({ path, type, size, linkpath });
    this.startBody(size, 'body');
    if (this.state !== 'body') {
      this.body?.end();
      this.body = null;
    }
  }

  private meta(body: Buffer): void {
    const flag = this.metaFlag;
    if (flag === 'L' || flag === 'N') this.longPath = text(body, 0, body.length);
    else if (flag === 'K') this.longLink = text(body, 0, body.length);
    else paxRecords(body, flag === 'g' ? this.globalPax : this.pax);
    this.state = this.padding > 0 ? 'padding' : 'header';
  }
}
