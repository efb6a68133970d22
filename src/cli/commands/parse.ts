// `hostsnap parse SOURCE [FILE]`: one source's facts as JSON, like piping a command through jc.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { EXIT, UsageError } from '../../errors.js';
import { MiB } from '../../format/numbers.js';
import { findParser, parsers } from '../../parsers/index.js';
import { unrecognisedKernlog } from '../../parsers/kernlog.js';
import { parseKernlogFile } from '../../parsers/kernlog/stream.js';
import { excerptOf, withoutNonFinite, type ParseOutcome, type Parser } from '../../parsers/types.js';
import type { Command } from '../command.js';

// A kernel log can be hundreds of megabytes; V8 cannot hold a string above 2^29-24 characters
// (just under 512 MiB), so its cap stays below that. Every other source is small.
const CAPS: Record<string, number> = { kernlog: 500 * MiB };
const DEFAULT_CAP = 64 * MiB;


function capOf(parser: Parser<unknown>): number {
  return CAPS[parser.name] ?? DEFAULT_CAP;
}

function knownNames(): string {
  return Object.values(parsers).map((p) => `${p.name} (${p.sources.join(', ')})`).join('; ');
}

function parserList(): string {
  const all = Object.values(parsers);
  const ids = all.map((p) => p.sources.join(', '));
  const width = Math.max(...ids.map((s) => s.length));
  const rows = all.map((p, i) => `  ${p.name.padEnd(11)} ${ids[i].padEnd(width)}  ${p.description}`);
  return [
    'SOURCE is a parser name or a source id (probe id), e.g. meminfo or proc-meminfo:',
    `  ${'NAME'.padEnd(11)} ${'SOURCE IDS'.padEnd(width)}  READS`,
    ...rows,
    '',
    `Input: FILE, or standard input without FILE; at most ${DEFAULT_CAP / MiB} MiB (kernlog: a FILE is streamed, any size; stdin ${CAPS.kernlog / MiB} MiB).`,
    'Output: the facts as JSON on stdout (sizes in kB, counts as numbers, null where the format lacks a field).',
    'Exit status: 0 facts printed; 1 the text was not recognised, and',
    '{ "unparsed": true, "parser", "reason", "excerpt" } is printed instead; 2 usage error.',
  ].join('\n');
}

/** Read a stream whole, refusing past `cap` bytes before holding more than that in memory. */
function readCapped(stream: Readable, cap: number, label: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > cap) {
        stream.destroy();
        reject(new UsageError(`${label} is larger than ${cap / MiB} MiB`, {
          expected: `at most ${cap / MiB} MiB of text`, found: `more than ${cap} bytes` }));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      reject(new UsageError(`cannot read ${label}: ${error.code ?? error.message}`, { cause: error }));
    });
    stream.on('end', () => resolve(Buffer.concat(chunks, bytes)));
  });
}

function inputOf(file: string | undefined): { stream: Readable; label: string } {
  if (file !== undefined && file !== '-') return { stream: createReadStream(file), label: file };
  if (process.stdin.isTTY) {
    throw new UsageError('no FILE given and standard input is a terminal', {
      expected: 'a FILE, or the output piped in: cat /proc/meminfo | hostsnap parse meminfo' });
  }
  return { stream: process.stdin, label: 'standard input' };
}

/**
 * Write the JSON and wait until it is out. A reader that stops early (`| head`) closes the pipe:
 * that EPIPE ends the output quietly, as for any Unix filter, instead of an uncaught error.
 */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The stream reports the failed write twice, to the callback and then as an 'error' event a
    // tick later: the listener stays so that second report has a handler.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? resolve() : reject(error)));
    process.stdout.write(text, (error) => {
      if (!error || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
      else reject(error);
    });
  });
}

async function parseWhole(parser: Parser<unknown>, file: string | undefined): Promise<ParseOutcome<unknown>> {
  const { stream, label } = inputOf(file);
  const text = (await readCapped(stream, capOf(parser), label)).toString('utf8');
  return parser.run(text);
}

/** A kernel log FILE is streamed in bounded memory (the same state machine), whatever its size. */
async function streamKernlog(file: string): Promise<ParseOutcome<unknown>> {
  let facts;
  try {
    facts = withoutNonFinite(await parseKernlogFile(file));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  const reason = unrecognisedKernlog(facts);
  if (reason === null) return { ok: true, parser: 'kernlog', facts };
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return { ok: false, parser: 'kernlog', reason, excerpt: excerptOf(buffer.subarray(0, bytesRead).toString('utf8')) };
  } finally {
    await handle.close();
  }
}

export const parseCommand: Command = {
  name: 'parse <source> [file]',
  describe: "Print one source's facts as JSON (from FILE or stdin), like jc; exit 1 when unrecognised",
  builder: (yargs) => yargs
    .positional('source', { type: 'string', describe: 'A parser name or a source id (listed below)' })
    .positional('file', { type: 'string', describe: 'The text to parse; standard input when absent or "-"' })
    .example('cat /proc/zoneinfo | $0 parse zoneinfo', 'zones with free pages and watermarks')
    .example('$0 parse kernlog /var/log/kern.log', 'the OOM events of a kernel log')
    .epilogue(parserList())
    // The parser table is laid out by hand: yargs' wrapping at 80 columns would break its rows.
    .wrap(null),
  async run(args) {
    const source = String(args.source ?? '');
    const parser = findParser(source);
    if (!parser) {
      throw new UsageError(`unknown SOURCE "${source}"`, { expected: `one of: ${knownNames()}`, found: source });
    }
    const file = args.file === undefined ? undefined : String(args.file);
    const outcome = parser.name === 'kernlog' && file !== undefined && file !== '-'
      ? await streamKernlog(file)
      : await parseWhole(parser, file);
    const body = outcome.ok
      ? outcome.facts
      : { unparsed: true, parser: outcome.parser, reason: outcome.reason, excerpt: outcome.excerpt };
    await writeStdout(`${JSON.stringify(body, null, 2)}\n`);
    return outcome.ok ? 0 : EXIT.unparsed;
  },
};
