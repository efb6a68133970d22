// `hostsnap probes`: placeholder until its issue lands.
import { UsageError } from '../../errors.js';
import type { Command } from '../command.js';

export const probesCommand: Command = {
  name: 'probes',
  describe: 'probes (not built yet)',
  builder: (yargs) => yargs,
  async run() {
    throw new UsageError('probes is not built yet');
  },
};
