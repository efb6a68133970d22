// `hostsnap parse`: placeholder until its issue lands.
import { UsageError } from '../../errors.js';
import type { Command } from '../command.js';

export const parseCommand: Command = {
  name: 'parse',
  describe: 'parse (not built yet)',
  builder: (yargs) => yargs,
  async run() {
    throw new UsageError('parse is not built yet');
  },
};
