// Opens a tarball as a stream of tar bytes, whatever sos compressed it with (xz, gzip, bzip2).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, pipeline, type Readable, type Duplex } from 'node:stream';

export type Compression = 'xz' | 'gzip' | 'bzip2' | 'tar';

/**
 * The compression by its magic bytes, never by the file's name (tickets rename attachments):
 * xz FD 37 7A 58 5A 00, gzip 1F 8B, bzip2 "BZh", a bare tar "ustar" at offset 257. sos 4.x
 * writes xz or gzip (`-z`), sos 3.x also bzip2 on hosts without xz. Null for anything else.
 */
export function compressionOf(head: Buffer): Compression | null {
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.subarray(0, 3).toString('latin1') === 'BZh' && head[3] >= 0x31 && head[3] <= 0x39) return 'bzip2';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return null;
}

/** The first bytes of a file, enough for compressionOf. */
export async function fileHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * 1 MiB reads and, for liblzma, 1 MiB output buffers for a whole pass: lzma-native decodes each
 * buffer on a worker thread, and its 64 KiB default made the hops cost more than the decoding
 * (3x slower here on a 7 MB report; the peak memory stays a few MiB).
 */
const READ_CHUNK = 1024 * 1024;

/**
 * The decoders, loaded on first use: a hostsnap archive (.tar.gz) or a folder never needs them,
 * and loading lzma-native's binding and unbzip2-stream cost about 0.2 s of CPU per process here.
 */
const DECODERS: Record<'xz' | 'bzip2', () => Promise<Duplex>> = {
  xz: async () => (await import('lzma-native')).default.createDecompressor({ bufsize: READ_CHUNK }),
  bzip2: async () => (await import('unbzip2-stream')).default(),
};

/**
 * The file's tar bytes as one stream, read and decoded READ_CHUNK at a time. gzip and bare tar
 * are passed through: tar-walk.ts inflates gzip itself (zlib, counted). xz goes through liblzma
 * (lzma-native's prebuilt binding), bzip2 through unbzip2-stream (pure JavaScript). A read or
 * decompression error, or destroying the returned stream, tears down the whole chain.
 */
export function tarStream(path: string, compression: Compression): Readable {
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  if (compression === 'gzip' || compression === 'tar') return file;
  const out = new PassThrough();
  // Destroyed before the decoder is loaded: pipeline() then sees `out` destroyed and closes the file.
  DECODERS[compression]().then(
    (decoder) => pipeline(file, decoder, out, () => undefined),
    (error: Error) => {
      file.destroy();
      out.destroy(error);
    },
  );
  return out;
}
