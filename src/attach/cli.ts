// The CLI side of attaching: the --attach/--config/--attach-mode options, and one call after files are written.
import type { Argv } from 'yargs';
import { describeError, UsageError } from '../errors.js';
import { oneLine } from '../format/control.js';
import type { AttachConfig } from './config.js';
import { AttachError, EXIT_ATTACH_FAILED } from './error.js';
import { parseTarget, TARGET_FORMS, type AttachTarget } from './target.js';

// The config reader (yaml) and the systems' clients (nodemailer, HTTP) load only with --attach:
// every run of snapshot, collect and analyze imports this file (bench/analyze: ~0.4 s of CPU).

export interface AttachPlan { text: string; target: AttachTarget; config: AttachConfig; mode: 'host' | 'fleet' }

export function withAttachOptions(yargs: Argv, fleet = false): Argv {
  const withOptions = yargs
    .option('attach', { type: 'string', describe: `After writing, attach the reports to a ticket or mail them: ${TARGET_FORMS}` })
    .option('config', { type: 'string', describe: 'Ticket systems and credentials (YAML, mode 0600; default ~/.config/hostsnap/config.yaml)' });
  return fleet
    ? withOptions.option('attach-mode', { choices: ['host', 'fleet'], default: 'host', describe: 'With --attach: one comment per host, or one for the fleet with the index' })
    : withOptions;
}

/**
 * Reads --attach and the config before anything is collected: a wrong target or a missing or
 * too open config is a usage error (exit 2), not an hour of collection that cannot be sent.
 */
export async function planAttach(args: Record<string, unknown>, targetOption = 'attach'): Promise<AttachPlan | null> {
  if (args[targetOption] === undefined) return null;
  const target = parseTarget(String(args[targetOption]));
  try {
    const { loadConfig } = await import('./config.js');
    const { checkConfigured } = await import('./attach.js');
    const config = await loadConfig(args.config === undefined ? undefined : String(args.config));
    checkConfigured(target, config);
    return { text: String(args[targetOption]), target, config, mode: args.attachMode === 'fleet' ? 'fleet' : 'host' };
  } catch (error) {
    if (!(error instanceof AttachError)) throw error;
    throw new UsageError(error.message, { expected: error.expected, found: error.found, cause: error });
  }
}

/**
 * Attaches files already written; says where they went or why not. Returns the exit code: 0, or
 * 5 when the attach failed (the files stay where they are: `hostsnap attach` can send them again).
 */
export async function attachWritten(plan: AttachPlan, files: string[], label: string): Promise<number> {
  try {
    const { attachFiles } = await import('./attach.js');
    const outcome = await attachFiles(files, plan.target, plan.config);
    const dropped = outcome.dropped.length ? `; not attached (over the size limit, said in the text): ${outcome.dropped.join(', ')}` : '';
    process.stdout.write(`${oneLine(label)}: attached to ${oneLine(outcome.where)}: ${outcome.sent.join(', ') || 'text only'}${dropped}\n`);
    return 0;
  } catch (error) {
    const again = `hostsnap attach ${files.map((f) => JSON.stringify(f)).join(' ')} --to ${plan.text}`;
    process.stderr.write(`${describeError(error).replace(/^hostsnap: /, `hostsnap: ${oneLine(label)}: `)}\n  the files are kept; to try again: ${oneLine(again)}\n`);
    if (error instanceof AttachError) return EXIT_ATTACH_FAILED;
    throw error;
  }
}
