// The kernel log read from a file of any size in bounded memory: chunks in, lines to the reader.
import { createReadStream } from 'node:fs';
import type { KernlogFacts } from '../kernlog-types.js';
import { DEFAULT_LIMITS, KernlogReader, type ReaderLimits } from './machine.js';

/**
 * Cuts a stream of bytes into lines. Each line is decoded on its own, so a line kept by an event
 * holds its own characters, not a slice of a 1 MB chunk that would then stay in memory with it
 * (V8 keeps the parent of a sliced string alive). UTF-8 never puts a 0x0A byte inside a character,
 * so cutting at newline bytes is safe. A line longer than `maxChars` bytes is cut there and the
 * rest of it skipped, so a file without newlines costs `maxChars`, not its size.
 */
export class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private skipping = false;

  constructor(private readonly onLine: (line: string) => void, private readonly maxChars: number) {}

  write(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (!this.skipping) this.emit(chunk.subarray(start, nl));
      this.partial = [];
      this.partialBytes = 0;
      this.skipping = false;
      start = nl + 1;
    }
    if (this.skipping || start >= chunk.length) return;
    // The chunk is reused by the stream: keep a copy of its unfinished last line.
    this.partial.push(Buffer.from(chunk.subarray(start)));
    this.partialBytes += chunk.length - start;
    if (this.partialBytes > this.maxChars) {
      this.emit(Buffer.alloc(0));
      this.partial = [];
      this.partialBytes = 0;
      this.skipping = true;
    }
  }

  end(): void {
    if (this.partialBytes > 0 && !this.skipping) this.emit(Buffer.alloc(0));
    this.partial = [];
    this.partialBytes = 0;
  }

  private emit(tail: Buffer): void {
    const bytes = this.partial.length === 0 ? tail : Buffer.concat([...this.partial, tail]);
    const cut = bytes.length > this.maxChars ? bytes.subarray(0, this.maxChars) : bytes;
    this.onLine(cut.toString('utf8'));
  }
}

/** Parse a kernel log file (kern.log, a saved dmesg) of hundreds of MB without holding it. */
export async function parseKernlogFile(path: string, limits: ReaderLimits = DEFAULT_LIMITS): Promise<KernlogFacts> {
  const reader = new KernlogReader(limits);
  const splitter = new LineSplitter((line) => reader.push(line), limits.maxLineChars);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) splitter.write(chunk as Buffer);
  splitter.end();
  return reader.finish();
}
