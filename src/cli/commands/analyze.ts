// `hostsnap analyze PATH...`: archives, snapshot or sosreport folders and tarballs, logs, pastes, offline.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expandInputs } from '../../archive/input.js';
import { attachWritten, planAttach, withAttachOptions } from '../../attach/cli.js';
import { bothFailedLine, combineExitCodes } from '../../attach/exit.js';
import { writeFileAtomic } from '../../archive/write-file.js';
import { UsageError } from '../../errors.js';
import { analyzeInputs, analyzePath, reportBase } from '../../fleet/analyze-inputs.js';
import { render, REPORT_EXTENSION } from '../../report/index.js';
import type { Command } from '../command.js';
import { parseFormats } from '../formats.js';

export const analyzeCommand: Command = {
  name: 'analyze <paths..>',
  describe: 'Diagnose offline: archives, snapshot or sosreport folders and tarballs, a kern.log/dmesg file, or pasted outputs; several at once make a fleet index',
  builder: (yargs) =>
    withAttachOptions(yargs)
      .positional('paths', { type: 'string', array: true, describe: 'What to analyze: one or more paths; a folder of sosreports stands for each of them' })
      .option('format', { type: 'string', describe: 'text, json, md or html (several, comma-separated, with --out); default text, or html,md,json for several inputs' })
      .option('out', { type: 'string', describe: 'Write the reports into this folder instead of stdout (needed for several inputs)' }),
  async run(args) {
    const paths = await expandInputs((args.paths as unknown[]).map(String));
    const several = paths.length > 1;
    const formats = parseFormats(args.format === undefined ? (several ? 'html,md,json' : 'text') : String(args.format));
    if (args.out === undefined && (formats.length > 1 || several)) {
      throw new UsageError(several ? 'several inputs need --out' : 'several formats need --out', {
        expected: 'one input and one --format for stdout, or --out DIR',
        found: several ? `${paths.length} inputs: ${paths.join(' ')}` : formats.join(','),
      });
    }
    const attach = await planAttach(args);
    if (attach && args.out === undefined) throw new UsageError('--attach needs --out', { expected: '--out DIR: the files written there are what is attached', found: 'stdout' });
    if (!several) {
      const { analysis } = await analyzePath(paths[0]);
      if (args.out === undefined) {
        process.stdout.write(render(analysis, formats[0], { color: process.stdout.isTTY === true }));
        return 0;
      }
      const outDir = resolve(String(args.out));
      await mkdir(outDir, { recursive: true });
      const files: string[] = [];
      for (const format of formats) {
        const file = join(outDir, `${reportBase(analysis.document.host.name, paths[0])}.${REPORT_EXTENSION[format]}`);
        await writeFileAtomic(file, render(analysis, format));
        process.stdout.write(`${file}\n`);
        files.push(file);
      }
      return attach ? attachWritten(attach, files, paths[0]) : 0;
    }
    const outDir = resolve(String(args.out));
    await mkdir(outDir, { recursive: true });
    const written: string[] = [];
    const doc = await analyzeInputs(paths, outDir, formats, (file) => { written.push(file); process.stdout.write(`${file}\n`); });
    for (const f of doc.failed) process.stderr.write(`hostsnap: ${f.input}: not analysed: ${f.error.replace(/\n\s*/g, '; ')}\n`);
    // Several inputs: the fleet index goes to the ticket (the per-input reports stay in --out).
    const attached = attach ? await attachWritten(attach, written.filter((f) => /[\\/]index\.(md|html|json)$/.test(f)), outDir) : 0;
    // As for a fleet collection: 3 when some inputs failed and the others were reported.
    const code = combineExitCodes([doc.failed.length > 0 ? 3 : 0, attached]);
    process.stderr.write(bothFailedLine(code, 'the inputs said "not analysed" above'));
    return code;
  },
};
