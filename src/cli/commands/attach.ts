// `hostsnap attach FILE… --to TARGET`: reports already written (or a rerun after a failed --attach), to a ticket or a mail.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { attachWritten, planAttach } from '../../attach/cli.js';
import { TARGET_FORMS } from '../../attach/target.js';
import { UsageError } from '../../errors.js';
import type { Command } from '../command.js';

export const attachCommand: Command = {
  name: 'attach <files..>',
  describe: 'Attach reports hostsnap wrote to a ticket (Request Tracker, Redmine) or mail them: the .md is the text, the rest attachments',
  builder: (yargs) =>
    yargs
      .positional('files', { type: 'string', array: true, describe: 'Files hostsnap wrote: HOST-TIME.md (the text), .html, .tar.gz, .json, or OUT/index.*' })
      .option('to', { type: 'string', demandOption: true, describe: TARGET_FORMS })
      .option('config', { type: 'string', describe: 'Ticket systems and credentials (YAML, mode 0600; default ~/.config/hostsnap/config.yaml)' }),
  async run(args) {
    const files = (args.files as unknown[]).map((f) => resolve(String(f)));
    for (const file of files) {
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new UsageError(`${file}: not a file`, { expected: 'files written by hostsnap', found: info ? 'a folder' : 'nothing there' });
    }
    const plan = (await planAttach(args, 'to'))!;
    return attachWritten(plan, files, files.length === 1 ? files[0] : `${files.length} files`);
  },
};
