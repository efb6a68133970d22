// Types for the two decompression packages, which ship none: only what decompress.ts uses.
declare module 'lzma-native' {
  import type { Duplex } from 'node:stream';
  /** liblzma's stream decoder (.xz and .lzma); options unused here. */
  export function createDecompressor(options?: Record<string, unknown>): Duplex;
  const lzma: { createDecompressor: typeof createDecompressor };
  export default lzma;
}

declare module 'unbzip2-stream' {
  import type { Duplex } from 'node:stream';
  /** A through-stream that turns bzip2 bytes into plain bytes. */
  export default function unbzip2(): Duplex;
}
