// `hostsnap analyze`: placeholder until its issue lands.
import { UsageError } from '../../errors.js';
import type { Command } from '../command.js';

export const analyzeCommand: Command = {
  name: 'analyze',
  describe: 'analyze (not built yet)',
  builder: (yargs) => yargs,
  async run() {
    throw new UsageError('analyze is not built yet');
  },
};
