// `hostsnap index DIR...`: one fleet index from the schedule folders of several controllers.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fleetFromFolders } from '../../fleet/from-folders.js';
import { writeFleetIndex } from '../../fleet/write.js';
import type { Command } from '../command.js';

export const indexCommand: Command = {
  name: 'index <dirs..>',
  describe: 'One fleet index (index.html|md|json) from the OUT folders of several schedule controllers (--shard)',
  builder: (yargs) =>
    yargs
      .positional('dirs', { type: 'string', array: true, describe: 'Output folders of schedule (OUT, holding OUT/HOST/)' })
      .option('out', { type: 'string', default: './hostsnap-out', describe: 'Folder the index is written to (links are relative to it)' }),
  async run(args) {
    const outDir = resolve(String(args.out));
    await mkdir(outDir, { recursive: true });
    const doc = await fleetFromFolders((args.dirs as unknown[]).map((d) => resolve(String(d))), outDir);
    for (const file of await writeFleetIndex(outDir, doc)) process.stdout.write(`${file}\n`);
    process.stdout.write(`${doc.hosts.length} hosts, ${doc.failed.length} failing\n`);
    return 0;
  },
};
