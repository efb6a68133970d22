// Writes a report file under a hidden temporary name, then renames it: never a half-written file.
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { removeStaleTemps, tempPathFor } from './temp-names.js';

/**
 * The temporary name carries this process's pid (temp-names.ts): two processes writing one
 * report (a fleet index rebuilt by two schedule shards) never write into each other's file, and
 * one a SIGKILLed hostsnap left is removed by the next hostsnap writing in that folder.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await removeStaleTemps(dirname(path));
  const temp = tempPathFor(path);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
