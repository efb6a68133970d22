// One collection of a host at a time, across processes: OUT/HOST/.collecting holds the collector's pid.
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../archive/temp-names.js';

export const LOCK = '.collecting';

/**
 * Creates the lock exclusively (link fails on EEXIST). A lock left by a process that is gone (killed with -9,
 * a reboot) is taken over once; a live holder (another `--once` from cron, a scheduler run
 * still going) makes this return null: the caller skips the host and says so.
 */
export async function lockHost(hostDir: string): Promise<(() => Promise<void>) | null> {
  const path = join(hostDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    // link() of a file already holding the pid: the lock never exists without its pid in it.
    const temp = `${path}.${process.pid}`;
    await writeFile(temp, `${process.pid}\n`);
    try {
      await link(temp, path);
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(temp, { force: true });
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return null;
    await rm(path, { force: true });
  }
  return null;
}
