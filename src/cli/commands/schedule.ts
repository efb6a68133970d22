// `hostsnap schedule --inventory FILE --cron EXPR --keep N|DURATION`: collect on a schedule, keep history per host.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Cron } from 'croner';
import { EXIT, UsageError } from '../../errors.js';
import { selectHosts } from '../../inventory/limit.js';
import { loadInventory } from '../../inventory/load.js';
import { cycleLine, runCycle, sharedHostFolders, type CycleOptions } from '../../schedule/cycle.js';
import { parseKeep } from '../../schedule/keep.js';
import { runScheduler } from '../../schedule/scheduler.js';
import { inShard, parseShard } from '../../schedule/shard.js';
import { cronLine, onceArgs, systemdUnits, type Invocation } from '../../schedule/units.js';
import { privacyOptionsOf, sshOptionsOf, withWriteOptions, type Command } from '../command.js';
import { persistentMapping } from '../../obfuscate/persistent.js';
import { parseFormats, positiveInt } from '../formats.js';

/** croner's own parse, so a bad expression is a usage error before anything runs. */
function checkCron(expr: string, timezone: string | undefined): void {
  try {
    new Cron(expr, { paused: true, timezone }).stop();
  } catch (error) {
    throw new UsageError(`--cron ${expr}: ${error instanceof Error ? error.message : String(error)}`, { expected: 'a cron expression of 5 fields, or 6 with seconds first (*/30 * * * * *)', found: expr });
  }
}

function invocation(): Invocation {
  const argv = process.argv.slice(2);
  return { node: process.execPath, script: resolve(process.argv[1]), cwd: process.cwd(), args: onceArgs(argv.slice(argv.indexOf('schedule') + 1)) };
}

export const scheduleCommand: Command = {
  name: 'schedule',
  describe: 'Collect an inventory on a cron schedule into OUT/HOST/ (history, trends, retention), or print systemd units / a crontab line that do',
  builder: (yargs) =>
    withWriteOptions(yargs)
      .option('inventory', { alias: 'i', type: 'string', demandOption: true, describe: 'Ansible INI or YAML inventory, or one target a line' })
      .option('limit', { alias: 'l', type: 'string', describe: 'Ansible pattern, as for collect' })
      .option('cron', { type: 'string', describe: 'When to collect: 5 cron fields, or 6 with seconds first (croner)' })
      .option('timezone', { type: 'string', describe: 'Time zone of --cron (IANA name, e.g. Europe/Berlin); default the machine\'s' })
      .option('keep', { type: 'string', demandOption: true, describe: 'Retention per host: a count (30) or a duration (12h, 7d, 2w); the newest snapshot is always kept' })
      .option('once', { type: 'boolean', default: false, describe: 'Run one cycle now and exit (for a system scheduler)' })
      .option('shard', { type: 'string', describe: 'K/N: collect only the hosts a stable hash gives to shard K (0-based) of N' })
      .option('print-systemd', { type: 'boolean', default: false, describe: 'Print a systemd service and timer that run --once on --cron' })
      .option('print-cron', { type: 'boolean', default: false, describe: 'Print a crontab line that runs --once on --cron' })
      .option('grace', { type: 'number', default: 30, describe: 'Seconds SIGTERM/SIGINT wait for the run in flight before abandoning it' })
      .option('connect-timeout', { type: 'number', describe: 'Seconds to connect and authenticate, per host and jump' })
      .option('host-timeout', { type: 'number', default: 300, describe: 'Seconds after which a host still collecting is stopped and reported failed' }),
  async run(args) {
    const keep = parseKeep(String(args.keep));
    const shard = args.shard === undefined ? null : parseShard(String(args.shard));
    const timezone = args.timezone as string | undefined;
    const cron = args.cron as string | undefined;
    if (!args.once && cron === undefined) throw new UsageError('schedule needs --cron (or --once)', { expected: '--cron EXPR, or --once for one cycle', found: 'neither' });
    if (cron !== undefined) checkCron(cron, timezone);
    if (args.printSystemd || args.printCron) {
      if (cron === undefined) throw new UsageError('--print-systemd and --print-cron need --cron', { expected: '--cron EXPR', found: 'none' });
      if (args.printSystemd) {
        for (const unit of systemdUnits(invocation(), cron, timezone)) process.stdout.write(`# file: ${unit.name}\n${unit.text}`);
      } else process.stdout.write(cronLine(invocation(), cron, timezone));
      return EXIT.ok;
    }
    const inventory = await loadInventory(String(args.inventory));
    const selected = selectHosts(inventory, args.limit as string | undefined);
    const outDir = resolve(String(args.out));
    // Checked on every selected host, before sharding: the shards of one fleet share --out.
    // (With --obfuscate, folders are named by stand-ins, which are distinct.)
    const shared = args.obfuscate === true ? [] : sharedHostFolders(selected);
    if (shared.length > 0) {
      const { folder, names: both } = shared[0];
      throw new UsageError(`inventory hosts ${both.map((n) => JSON.stringify(n)).join(' and ')} would share one history folder, ${join(outDir, folder)}`,
        { expected: 'inventory names that still differ once every character but letters, digits, ".", "_" and "-" is "_"', found: `${shared.length} shared folder${shared.length > 1 ? 's' : ''}: rename the hosts in the inventory` });
    }
    const names = inShard(selected, shard);
    // Stand-ins come from one mapping's counters: two controllers (shards) would give two hosts
    // one stand-in, and their folders and `hostsnap index` would merge them.
    if (args.obfuscate === true && shard !== null && shard.count > 1) throw new UsageError('--obfuscate cannot be used with --shard', { expected: 'one controller per obfuscated --out', found: `--shard ${String(args.shard)}` });
    await mkdir(outDir, { recursive: true });
    const persistent = await persistentMapping(outDir, args.obfuscate === true);
    if (persistent) process.stdout.write(`obfuscation mapping of ${outDir} (private, mode 0600; kept for every cycle): ${persistent.path}\n`);
    const cycle: Omit<CycleOptions, 'inFlight'> = {
      ...privacyOptionsOf(args),
      ...(persistent ? { persistent } : {}),
      inventory, names, outDir, keep,
      formats: parseFormats(String(args.format)),
      concurrency: positiveInt(args.concurrency, 'concurrency'),
      sudo: Boolean(args.sudo),
      ssh: () => sshOptionsOf(args),
      connectTimeoutMs: args.connectTimeout === undefined ? undefined : positiveInt(args.connectTimeout, 'connect-timeout') * 1000,
      stopAfterMs: positiveInt(args.hostTimeout, 'host-timeout') * 1000,
      ignored: (name, what) => process.stderr.write(`hostsnap: ${name}: ignored ${what}\n`),
    };
    const log = (line: string): void => void process.stdout.write(`${line}\n`);
    if (args.once) {
      const at = new Date();
      const result = await runCycle(cycle);
      log(cycleLine(at, result));
      return result.failed.length > 0 ? EXIT.transport : EXIT.ok;
    }
    return runScheduler({ cron: cron!, timezone, graceSeconds: Number(args.grace), cycle, log });
  },
};
