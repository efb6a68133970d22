// `hostsnap analyze PATH...`: archives, snapshot or sosreport folders and tarballs, logs, pastes, offline.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expandInputs } from '../../archive/input.js';
import { attachWritten, planAttach, withAttachOptions } from '../../attach/cli.js';
import { bothFailedLine, combineExitCodes } from '../../attach/exit.js';
import { UsageError } from '../../errors.js';
import { analyzeInputs, analyzePath, reportBase } from '../../fleet/analyze-inputs.js';
import { REPORT_EXTENSION, type ReportFormat } from '../../report/render-formats.js';
import { loadRenderers } from '../../report/render-load.js';
import { obfuscateHelp, type Command } from '../command.js';
import { parseFormats } from '../formats.js';
import type { ObfuscationRun } from '../../obfuscate/run.js';
import { InternalError } from '../../errors.js';

// The obfuscation modules are imported only under --obfuscate: their static imports (the staging
// folder's archive writer pulls in archiver) cost ~0.3 s of CPU that a plain analyze never uses.
// The renderers are imported by format (render-load.ts), and with the analysis (analyze-inputs.ts)
// while the input is being read, never before the read has started; the file writer only for --out.

export const analyzeCommand: Command = {
  name: 'analyze <paths..>',
  describe: 'Diagnose offline: archives, snapshot or sosreport folders and tarballs, a kern.log/dmesg file, or pasted outputs; several at once make a fleet index',
  builder: (yargs) =>
    withAttachOptions(yargs)
      .positional('paths', { type: 'string', array: true, describe: 'What to analyze: one or more paths; a folder of sosreports stands for each of them' })
      .option('format', { type: 'string', describe: 'text, json, md or html (several, comma-separated, with --out); default text, or html,md,json for several inputs' })
      .option('out', { type: 'string', describe: 'Write the reports into this folder instead of stdout (needed for several inputs)' })
      .option('obfuscate', { type: 'boolean', default: false, describe: obfuscateHelp }),
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
    if (!several && args.out === undefined) {
      if (args.obfuscate === true) return printObfuscated(paths[0], formats[0]);
      const analyzing = analyzePath(paths[0]);
      const [{ analysis }, renderers] = await Promise.all([analyzing, loadRenderers(formats)]);
      process.stdout.write(renderers.get(formats[0])!(analysis, { color: process.stdout.isTTY === true }));
      return 0;
    }
    const finalDir = resolve(String(args.out));
    await mkdir(finalDir, { recursive: true });
    // --obfuscate: written into a stage, verified, then moved (src/obfuscate/run.ts).
    const hidden = args.obfuscate === true ? await (await import('../../obfuscate/run.js')).startObfuscation(finalDir) : null;
    const outDir = hidden?.stage.dir ?? finalDir;
    const published = hidden ? (staged: string[]) => publish(hidden, staged) : async (staged: string[]) => staged;
    if (!several) {
      const analyzing = analyzePath(paths[0], hidden?.map).catch(abandonOn(hidden));
      const [{ analysis }, renderers, { writeFileAtomic }] = await Promise.all([analyzing, loadRenderers(formats), import('../../archive/write-file.js')]);
      const staged: string[] = [];
      for (const format of formats) {
        const file = join(outDir, `${reportBase(analysis.document.host.name, hidden?.map.apply(paths[0]) ?? paths[0])}.${REPORT_EXTENSION[format]}`);
        await writeFileAtomic(file, renderers.get(format)!(analysis));
        staged.push(file);
      }
      const files = await published(staged);
      for (const file of files) process.stdout.write(`${file}\n`);
      return attach ? attachWritten(attach, files, paths[0]) : 0;
    }
    const staged: string[] = [];
    const doc = await analyzeInputs(paths, outDir, formats, (file) => { staged.push(file); if (!hidden) process.stdout.write(`${file}\n`); }, hidden?.map)
      .catch(abandonOn(hidden));
    const written = await published(staged);
    if (hidden) for (const file of written) process.stdout.write(`${file}\n`);
    for (const f of doc.failed) process.stderr.write(`hostsnap: ${f.input}: not analysed: ${f.error.replace(/\n\s*/g, '; ')}\n`);
    // Several inputs: the fleet index goes to the ticket (the per-input reports stay in --out).
    const attached = attach ? await attachWritten(attach, written.filter((f) => /[\\/]index\.(md|html|json)$/.test(f)), outDir) : 0;
    // As for a fleet collection: 3 when some inputs failed and the others were reported.
    const code = combineExitCodes([doc.failed.length > 0 ? 3 : 0, attached]);
    process.stderr.write(bothFailedLine(code, 'the inputs said "not analysed" above'));
    return code;
  },
};

/** Gives the stage up when the analysis fails, then passes the error on. */
function abandonOn(run: ObfuscationRun | null): (error: unknown) => Promise<never> {
  return async (error) => {
    if (run) await (await import('../../obfuscate/run.js')).abandonObfuscation(run);
    throw error;
  };
}

/** Verifies and moves the staged files; prints the mapping's path; returns the final paths, in order. */
async function publish(run: ObfuscationRun, staged: string[]): Promise<string[]> {
  const { finishObfuscation } = await import('../../obfuscate/run.js');
  const { mappingPath, moved } = await finishObfuscation(run);
  process.stdout.write(`obfuscation mapping (private, mode 0600; keep it off tickets): ${mappingPath}\n`);
  return staged.map((f) => moved.get(f) ?? f);
}

/** One input to stdout: the rendered text is the one written thing, verified before a byte is printed. */
async function printObfuscated(path: string, format: ReportFormat): Promise<number> {
  const [{ ObfuscationMap }, { writeMappingFile }, { describeSurvivors }, renderers] = await Promise.all([
    import('../../obfuscate/mapping.js'), import('../../obfuscate/map-file.js'), import('../../obfuscate/verify.js'), loadRenderers([format]),
  ]);
  const map = new ObfuscationMap();
  const { analysis } = await analyzePath(path, map);
  const text = renderers.get(format)!(analysis, { color: process.stdout.isTTY === true });
  const mappingPath = await writeMappingFile(map, new Date());
  process.stderr.write(`obfuscation mapping (private, mode 0600; keep it off tickets): ${mappingPath}\n`);
  const survivors = map.survivors(text).map((s) => ({ ...s, file: 'stdout' }));
  if (survivors.length > 0) {
    throw new InternalError(`--obfuscate: original values survived, nothing was printed: ${describeSurvivors(survivors)}`, { expected: 'no original value in the report', found: `see ${mappingPath}` });
  }
  process.stdout.write(text);
  return 0;
}
