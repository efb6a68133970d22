// The command line: yargs commands, and the one place where errors become exit codes and words.
import yargs from 'yargs';
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
