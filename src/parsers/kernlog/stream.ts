// The kernel log read from a file of any size in bounded memory: chunks in, lines to the reader.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { KernlogFacts } from '../kernlog-types.js';
import { DEFAULT_LIMITS, KernlogReader, type ReaderLimits } from './machine.js';

/**
 * Cuts a stream of text into lines. A line longer than `maxChars` is cut there and the rest of it
 * skipped, so a file without newlines costs `maxChars`, not its size.
 */
export class LineSplitter {
  private partial = '';
  private skipping = false;

  constructor(private readonly onLine: (line: string) => void, private readonly maxChars: number) {}

  write(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      if (!this.skipping) this.onLine(this.partial + chunk.slice(start, nl));
      this.partial = '';
      this.skipping = false;
      start = nl + 1;
    }
    if (this.skipping) return;
    this.partial += chunk.slice(start);
    if (this.partial.length > this.maxChars) {
      this.onLine(this.partial.slice(0, this.maxChars));
      this.partial = '';
      this.skipping = true;
    }
  }

  end(): void {
    if (this.partial !== '' && !this.skipping) this.onLine(this.partial);
    this.partial = '';
  }
}

/** Parse a kernel log file (kern.log, a saved dmesg) of hundreds of MB without holding it. */
export async function parseKernlogFile(path: string, limits: ReaderLimits = DEFAULT_LIMITS): Promise<KernlogFacts> {
  const reader = new KernlogReader(limits);
  const splitter = new LineSplitter((line) => reader.push(line), limits.maxLineChars);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    splitter.write(decoder.write(chunk as Buffer));
  }
  splitter.write(decoder.end());
  splitter.end();
  return reader.finish();
}
