// The command line: yargs commands, and the one place where errors become exit codes and words.
import yargs from 'yargs';
import { describeError, exitCodeFor, UsageError } from '../errors.js';
import { analyzeCommand } from './commands/analyze.js';
import { collectCommand } from './commands/collect.js';
import { parseCommand } from './commands/parse.js';
import { probesCommand } from './commands/probes.js';
import { snapshotCommand } from './commands/snapshot.js';
import type { Command } from './command.js';

const commands: Command[] = [analyzeCommand, collectCommand, parseCommand, probesCommand, snapshotCommand];

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('hostsnap')
    .strict()
    .demandCommand(1, 'Name a command: snapshot, collect, analyze, probes or parse.')
    .help()
    .version(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message ?? 'invalid command line');
    });
  for (const command of commands) {
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
