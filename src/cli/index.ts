// The command line: yargs commands, and the one place where errors become exit codes and words.
import { createRequire } from 'node:module';
import type { Argv } from 'yargs';
import { describeError, exitCodeFor, UsageError } from '../errors.js';
import type { Command } from './command.js';

// Each command's module is loaded only when that command runs (all of them for the top-level
// help): their imports (ssh2, archivers, decompressors, templates) cost a second of start-up.
const COMMANDS: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import('./commands/analyze.js')).analyzeCommand,
  attach: async () => (await import('./commands/attach.js')).attachCommand,
  collect: async () => (await import('./commands/collect.js')).collectCommand,
  index: async () => (await import('./commands/fleet-index.js')).indexCommand,
  parse: async () => (await import('./commands/parse.js')).parseCommand,
  probes: async () => (await import('./commands/probes.js')).probesCommand,
  schedule: async () => (await import('./commands/schedule.js')).scheduleCommand,
  snapshot: async () => (await import('./commands/snapshot.js')).snapshotCommand,
};

/**
 * yargs 17 through its CommonJS build: one bundled file and string-width 4. yargs 18 (ESM only)
 * loads string-width 8 and cliui's string-width 7, each building an Intl.Segmenter and Unicode
 * property regexes at load and again to lay out the help text that yargs renders on every run
 * (cacheHelpMessage): ~0.2 s of CPU per run here. yargs 17's own ESM entry lays help out with
 * cliui's ESM wrapper, which cuts words in the middle: the CommonJS one wraps at words as 18 did.
 */
const yargs = createRequire(import.meta.url)('yargs/yargs') as (args: string[]) => Argv;

/** The commands the command line may need: the one it names, or every one for help and errors. */
async function loadCommands(argv: string[]): Promise<Command[]> {
  const named = argv.find((a) => !a.startsWith('-'));
  const names = named !== undefined && named in COMMANDS ? [named] : Object.keys(COMMANDS);
  return Promise.all(names.map((name) => COMMANDS[name]()));
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('hostsnap')
    .strict()
    .demandCommand(1, 'Name a command: snapshot, collect, schedule, index, analyze, attach, probes or parse.')
    .help()
    .version(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message ?? 'invalid command line');
    });
  for (const command of await loadCommands(argv)) {
    parser.command(command.name, command.describe, command.builder, async (args) => {
      exitCode = await command.run(args as Record<string, unknown>);
    });
  }
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    process.stderr.write(describeError(error) + '\n');
    if (process.env.HOSTSNAP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return exitCodeFor(error);
  }
}
