// `hostsnap collect --inventory FILE [--limit PATTERN]`: a fleet, concurrently, plus OUT/index.* and OUT/failed.txt.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../archive/write-file.js';
import { attachWritten, planAttach, withAttachOptions } from '../../attach/cli.js';
import { bothFailedLine, combineExitCodes } from '../../attach/exit.js';
import { EXIT } from '../../errors.js';
import { collectFleet } from '../../fleet/collect-fleet.js';
import { buildFleet } from '../../fleet/document.js';
import { writeFleetIndex } from '../../fleet/write.js';
import { oneLine } from '../../format/control.js';
import { selectHosts } from '../../inventory/limit.js';
import { loadInventory } from '../../inventory/load.js';
import { privacyOptionsOf, sshOptionsOf, withWriteOptions, type Command } from '../command.js';
import { progress } from '../progress.js';
import { abandonObfuscation, finishObfuscation, startObfuscation } from '../../obfuscate/run.js';
import { parseFormats, positiveInt } from '../formats.js';
import { summaryLine } from './snapshot.js';

export const collectCommand: Command = {
  name: 'collect',
  describe: 'Snapshot every host of an inventory (Ansible INI/YAML or one target a line): reports, OUT/index.html|md|json, OUT/failed.txt',
  builder: (yargs) =>
    withAttachOptions(withWriteOptions(yargs), true)
      .option('inventory', { alias: 'i', type: 'string', demandOption: true, describe: 'Ansible INI or YAML inventory, or one target a line' })
      .option('limit', { alias: 'l', type: 'string', describe: 'Ansible pattern: group, host, glob, a:b, a:&b, a:!b, @FILE (e.g. @OUT/failed.txt)' })
      .option('connect-timeout', { type: 'number', describe: 'Seconds to connect and authenticate, per host and jump (default: ConnectTimeout, else 10)' })
      .option('host-timeout', { type: 'number', describe: 'Seconds after which a host still collecting is stopped and reported failed' }),
  async run(args) {
    const inventory = await loadInventory(String(args.inventory));
    const names = selectHosts(inventory, args.limit as string | undefined);
    const formats = parseFormats(String(args.format));
    const concurrency = positiveInt(args.concurrency, 'concurrency');
    const connectTimeoutMs = args.connectTimeout === undefined ? undefined : positiveInt(args.connectTimeout, 'connect-timeout') * 1000;
    const stopAfterMs = args.hostTimeout === undefined ? undefined : positiveInt(args.hostTimeout, 'host-timeout') * 1000;
    const finalDir = resolve(String(args.out));
    // --obfuscate: the hosts, the index and failed.txt go into one stage, verified together, then moved.
    const hidden = args.obfuscate === true ? await startObfuscation(finalDir) : null;
    const outDir = hidden?.stage.dir ?? finalDir;
    const attach = await planAttach(args);
    const attachCodes: number[] = [];
    const attaching: Array<Promise<number>> = [];
    await mkdir(outDir, { recursive: true });
    const bar = progress(names.length, process.stdout);
    const run = await collectFleet(inventory, names, {
      formats, concurrency, sudo: Boolean(args.sudo), ssh: () => sshOptionsOf(args), connectTimeoutMs, stopAfterMs, ...privacyOptionsOf(args),
      outDirFor: () => outDir,
      ignored: (name, what) => process.stderr.write(`hostsnap: ${oneLine(name)}: ignored ${oneLine(what)}\n`),
      started: () => bar.started(),
      done: (name, result) => bar.line(`${oneLine(name)}: ${summaryLine(result)}`, true),
      failed: (name, text) => bar.line(`${oneLine(name)}: FAILED: ${text}`, false),
      // Whole or partial (then also failed): what is written is attached; a partial host's report says so first.
      written: (name, result) => {
        if (attach?.mode === 'host' && !hidden) attaching.push(attachWritten(attach, [result.archive, ...result.reports], name));
      },
      obfuscation: hidden?.map,
    }).catch(async (error) => {
      if (hidden) await abandonObfuscation(hidden);
      throw error;
    });
    const { entries, failed } = run;
    bar.finish();
    attachCodes.push(...(await Promise.all(attaching)));
    // Always written, empty when all went well: a stale list from an earlier run must not linger.
    await writeFileAtomic(join(outDir, 'failed.txt'), failed.map((f) => `${f.input}\n`).join(''));
    let written = await writeFleetIndex(outDir, buildFleet(entries, failed));
    if (hidden) {
      const { mappingPath, moved } = await finishObfuscation(hidden);
      process.stdout.write(`obfuscation mapping (private, mode 0600; keep it off tickets): ${mappingPath}\n`);
      written = written.map((f) => moved.get(f) ?? f);
      if (attach?.mode === 'host') {
        for (const [name, r] of run.results) attaching.push(attachWritten(attach, [r.archive, ...r.reports].map((f) => moved.get(f) ?? f), name));
        attachCodes.push(...(await Promise.all(attaching)));
      }
    }
    process.stdout.write(`${entries.length} collected, ${failed.length} failed: ${written.join(' ')}${failed.length ? ` ${join(finalDir, 'failed.txt')}` : ''}\n`);
    if (attach?.mode === 'fleet') attachCodes.push(await attachWritten(attach, written, finalDir));
    const code = combineExitCodes([failed.length > 0 ? EXIT.transport : EXIT.ok, ...attachCodes]);
    process.stderr.write(bothFailedLine(code, `rerun them: hostsnap collect --limit @${join(finalDir, 'failed.txt')}`));
    return code;
  },
};
