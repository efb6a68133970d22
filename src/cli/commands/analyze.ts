// `hostsnap analyze PATH`: an archive, snapshot folder, sosreport, kernel log or paste, offline.
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { analyze } from '../../analysis/analyze.js';
import { readInput } from '../../archive/input.js';
import { writeFileAtomic } from '../../archive/write-file.js';
import { safeHostPart } from '../../archive/names.js';
import { UsageError } from '../../errors.js';
import { render, REPORT_EXTENSION } from '../../report/index.js';
import type { Command } from '../command.js';
import { parseFormats } from './snapshot.js';

/** `web1-2011-web1-xen-i686-lowmem`: the host, then the input's own name without extension. */
function reportBase(host: string | null, path: string): string {
  const input = safeHostPart(basename(path).replace(/\.(tar\.gz|tgz|txt|log)$/i, ''));
  return host ? `${safeHostPart(host)}-${input}` : input;
}

export const analyzeCommand: Command = {
  name: 'analyze <path>',
  describe: 'Diagnose offline: an archive, a snapshot or sosreport folder, a kern.log/dmesg file, or pasted outputs',
  builder: (yargs) =>
    yargs
      .positional('path', { type: 'string', describe: 'What to analyze' })
      .option('format', { type: 'string', default: 'text', describe: 'text, json, md or html (several, comma-separated, with --out)' })
      .option('out', { type: 'string', describe: 'Write the reports into this folder instead of stdout' }),
  async run(args) {
    const path = String(args.path);
    const formats = parseFormats(String(args.format));
    if (args.out === undefined && formats.length > 1) {
      throw new UsageError('several formats need --out', { expected: 'one --format for stdout, or --out DIR', found: formats.join(',') });
    }
    const analysis = analyze(await readInput(path));
    if (args.out === undefined) {
      process.stdout.write(render(analysis, formats[0], { color: process.stdout.isTTY === true }));
      return 0;
    }
    const outDir = resolve(String(args.out));
    await mkdir(outDir, { recursive: true });
    const base = reportBase(analysis.document.host.name, path);
    for (const format of formats) {
      const file = join(outDir, `${base}.${REPORT_EXTENSION[format]}`);
      await writeFileAtomic(file, render(analysis, format));
      process.stdout.write(`${file}\n`);
    }
    return 0;
  },
};
