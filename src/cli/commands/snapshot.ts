// `hostsnap snapshot [TARGET...]`: collect, archive, analyze and report each host, several at once.
import { resolve } from 'node:path';
import { attachWritten, planAttach, withAttachOptions } from '../../attach/cli.js';
import { bothFailedLine, combineExitCodes } from '../../attach/exit.js';
import { mapLimit } from '../../collect/pool.js';
import { PartialHostError } from '../../collect/partial.js';
import { snapshotHost, type SnapshotResult } from '../../pipeline/snapshot.js';
import { describeError, exitCodeFor, EXIT, UsageError } from '../../errors.js';
import { oneLine } from '../../format/control.js';
import { LOCAL_TARGET } from '../../transport/index.js';
import { parseFormats, positiveInt } from '../formats.js';
import { abandonObfuscation, finishObfuscation, startObfuscation } from '../../obfuscate/run.js';
import { privacyOptionsOf, sshOptionsOf, withWriteOptions, type Command } from '../command.js';

/** `web1 (root@10.0.0.5): out/web1-….tar.gz + .html .md .json: 1 critical, 2 warnings`. */
export function summaryLine(r: SnapshotResult): string {
  const findings = r.analysis.document.findings;
  const critical = findings.filter((f) => f.severity === 'critical').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const host = oneLine(r.hostname ?? r.target);
  const who = host === r.target ? host : `${host} (${r.target})`;
  const reports = r.reports.map((p) => p.slice(p.lastIndexOf('.'))).join(' ');
  return `${who}: ${r.archive}${reports ? ` + ${reports}` : ''}: ${critical} critical, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

export const snapshotCommand: Command = {
  name: 'snapshot [targets..]',
  describe: 'Snapshot hosts over SSH (no target: this machine, without SSH): archive + reports',
  builder: (yargs) =>
    withAttachOptions(withWriteOptions(yargs)).positional('targets', {
      type: 'string',
      array: true,
      describe: 'local, [user@]host[:port] or a ~/.ssh/config Host alias',
    }),
  async run(args) {
    const targets = (args.targets as string[] | undefined)?.length ? (args.targets as string[]) : [LOCAL_TARGET];
    const formats = parseFormats(String(args.format));
    const concurrency = positiveInt(args.concurrency, 'concurrency');
    const outDir = resolve(String(args.out));
    const ssh = sshOptionsOf(args);
    const attach = await planAttach(args);
    // --obfuscate: every target into one stage with one mapping; verified, then published, then attached.
    const hidden = args.obfuscate === true ? await startObfuscation(outDir) : null;
    const staged: SnapshotResult[] = [];
    const codes = await mapLimit(targets, concurrency, async (target) => {
      try {
        const result = await snapshotHost(target, { outDir: hidden?.stage.dir ?? outDir, formats, sudo: Boolean(args.sudo), ssh, ...privacyOptionsOf(args), obfuscation: hidden?.map });
        if (hidden) {
          staged.push(result);
          return EXIT.ok;
        }
        process.stdout.write(summaryLine(result) + '\n');
        return attach ? attachWritten(attach, [result.archive, ...result.reports], result.hostname ?? target) : EXIT.ok;
      } catch (error) {
        // One host failing never stops the others; its error names it (TransportError carries it).
        const text = describeError(error);
        process.stderr.write(error instanceof Error && text.includes(target) ? `${text}\n` : `hostsnap: ${target}: ${text.replace(/^hostsnap: /, '')}\n`);
        // A partial host's files are written (its report says first that it is partial): attached
        // like a whole host's, and it still counts as failed (exit 3, or 6 when attaching failed too).
        if (error instanceof PartialHostError) {
          const result = error.result as SnapshotResult;
          if (hidden) staged.push(result);
          else if (attach) return combineExitCodes([exitCodeFor(error), await attachWritten(attach, [result.archive, ...result.reports], result.hostname ?? target)]);
        }
        return exitCodeFor(error);
      }
    });
    if (hidden) {
      const { mappingPath, moved } = await finishObfuscation(hidden).catch(async (error) => {
        await abandonObfuscation(hidden);
        throw error;
      });
      process.stdout.write(`obfuscation mapping (private, mode 0600; keep it off tickets): ${mappingPath}\n`);
      for (const result of staged) {
        // The terminal is the operator's own: it may name the target; the files name only stand-ins.
        const final = { ...result, archive: moved.get(result.archive) ?? result.archive, reports: result.reports.map((r) => moved.get(r) ?? r) };
        process.stdout.write(summaryLine(final) + '\n');
        if (attach) codes.push(await attachWritten(attach, [final.archive, ...final.reports], result.hostname ?? result.target));
      }
    }
    const code = combineExitCodes(codes);
    process.stderr.write(bothFailedLine(code, 'rerun the hosts above that failed'));
    return code;
  },
};
