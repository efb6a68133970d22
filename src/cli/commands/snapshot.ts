// `hostsnap snapshot`: placeholder until its issue lands.
import { UsageError } from '../../errors.js';
import type { Command } from '../command.js';

export const snapshotCommand: Command = {
  name: 'snapshot',
  describe: 'snapshot (not built yet)',
  builder: (yargs) => yargs,
  async run() {
    throw new UsageError('snapshot is not built yet');
  },
};
