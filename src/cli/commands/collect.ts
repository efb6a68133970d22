// `hostsnap collect --inventory FILE [--limit PATTERN]`: a fleet, concurrently, plus OUT/index.* and OUT/failed.txt.
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../archive/write-file.js';
import { attachWritten, planAttach, withAttachOptions } from '../../attach/cli.js';
import { mapLimit } from '../../collect/pool.js';
import { describeError, EXIT, TransportError } from '../../errors.js';
import { buildFleet, type FleetEntry, type FleetFailure } from '../../fleet/document.js';
import { writeFleetIndex } from '../../fleet/write.js';
import { oneLine } from '../../format/control.js';
import { hostConnection } from '../../inventory/connection.js';
import { selectHosts } from '../../inventory/limit.js';
import { loadInventory } from '../../inventory/load.js';
import { snapshotHost } from '../../pipeline/snapshot.js';
import { sshOptionsOf, withWriteOptions, type Command } from '../command.js';
import { progress } from '../progress.js';
import { parseFormats, positiveInt, summaryLine } from './snapshot.js';

/** The host's whole run (connect, collect, write) bounded: a host that hangs never holds up the fleet. */
function withDeadline<T>(name: string, stopAfterMs: number | undefined, onTimeout: () => void, work: Promise<T>): Promise<T> {
  if (stopAfterMs === undefined) return work;
  // The collector's own stop gets the deadline; this one, 15 s later, catches what that could not stop.
  const limitMs = stopAfterMs + 15_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new TransportError(name, `did not finish within ${Math.round(limitMs / 1000)} s (--host-timeout): abandoned`));
    }, limitMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

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
    const outDir = resolve(String(args.out));
    const attach = await planAttach(args);
    const attachCodes: number[] = [];
    await mkdir(outDir, { recursive: true });
    const byName = new Map(inventory.hosts.map((h) => [h.name, h]));
    const entries: FleetEntry[] = [];
    const failed: FleetFailure[] = [];
    const abandoned: string[] = [];
    const bar = progress(names.length, process.stdout);
    await mapLimit(names, concurrency, async (name) => {
      const connection = hostConnection(byName.get(name)!);
      for (const what of connection.ignored) process.stderr.write(`hostsnap: ${oneLine(name)}: ignored ${oneLine(what)}\n`);
      const ssh = sshOptionsOf(args);
      if (connectTimeoutMs !== undefined) ssh.connectTimeoutMs = connectTimeoutMs;
      if (connection.identity !== undefined && args.identity === undefined) ssh.identity = connection.identity;
      if (connection.proxyJump !== undefined) ssh.proxyJump = connection.proxyJump;
      bar.started();
      try {
        const result = await withDeadline(name, stopAfterMs, () => abandoned.push(name),
          snapshotHost(connection.target, { outDir, formats, sudo: Boolean(args.sudo) || connection.sudo, ssh, stopAfterMs }));
        const reports = Object.fromEntries(formats.map((f, i) => [f, basename(result.reports[i])]));
        entries.push({ input: name, document: result.analysis.document, reports });
        bar.line(`${oneLine(name)}: ${summaryLine(result)}`, true);
        if (attach?.mode === 'host') attachCodes.push(await attachWritten(attach, [result.archive, ...result.reports], name));
      } catch (error) {
        // One host failing never holds up the others; the index and failed.txt name it.
        const text = describeError(error).replace(/^hostsnap: /, '').replace(/\n\s*/g, '; ');
        failed.push({ input: name, error: text });
        bar.line(`${oneLine(name)}: FAILED: ${text}`, false);
      }
    });
    bar.finish();
    // Always written, empty when all went well: a stale list from an earlier run must not linger.
    const order = new Map(names.map((n, i) => [n, i]));
    failed.sort((a, b) => order.get(a.input)! - order.get(b.input)!);
    await writeFileAtomic(join(outDir, 'failed.txt'), failed.map((f) => `${f.input}\n`).join(''));
    const written = await writeFleetIndex(outDir, buildFleet(entries, failed));
    process.stdout.write(`${entries.length} collected, ${failed.length} failed: ${written.join(' ')}${failed.length ? ` ${join(outDir, 'failed.txt')}` : ''}\n`);
    if (attach?.mode === 'fleet') attachCodes.push(await attachWritten(attach, written, outDir));
    const code = Math.max(failed.length > 0 ? EXIT.transport : EXIT.ok, ...attachCodes);
    // A host abandoned at its deadline may still hold a session open (src/collect cannot stop a
    // collector that never started: see the report to the lead); everything is written, so end.
    if (abandoned.length > 0) process.exit(code);
    return code;
  },
};
