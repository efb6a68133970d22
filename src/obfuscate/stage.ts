// Obfuscated output is written into a hidden folder in --out, verified, and only then moved to its final names.
import { link, mkdir, readdir, rename, rm, unlink } from 'node:fs/promises';
import { removeStaleTemps, tempPathFor } from '../archive/temp-names.js';
import { ARCHIVE_EXTENSION } from '../archive/write.js';
import { dirname, join } from 'node:path';
import { InternalError } from '../errors.js';
import type { ObfuscationMap } from './mapping.js';
import { describeSurvivors, findSurvivors } from './verify.js';

export interface Stage {
  /** Where the run writes: OUT/.hostsnap-obfuscating.hsPIDnNSrRAND.partial (same file system, so moves are renames). */
  dir: string;
  finalDir: string;
}

/**
 * The stage is named like every temporary file (temp-names.ts): a SIGKILLed run's stage, whose
 * files were never verified, is removed by the next hostsnap writing into OUT (removeStaleTemps),
 * and never mistaken for a live run's.
 */
export async function openStage(finalDir: string): Promise<Stage> {
  await removeStaleTemps(finalDir);
  const dir = tempPathFor(join(finalDir, 'hostsnap-obfuscating'));
  await mkdir(dir, { mode: 0o700 });
  return { dir, finalDir };
}

/** The staged files, relative: OUT's own (collect, snapshot) and one level of folders (schedule's OUT/HOST/). */
async function stagedFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) names.push(entry.name);
    else for (const name of await readdir(join(dir, entry.name))) names.push(join(entry.name, name));
  }
  return names.sort();
}

/** Removes the stage and all in it (after a failure, or once published). */
export async function discardStage(stage: Stage): Promise<void> {
  await rm(stage.dir, { recursive: true, force: true });
}

/**
 * The verification pass, then the move: any survivor removes the stage, so no obfuscated file
 * reaches a final name, and throws naming files and kinds. Archives never replace one already
 * there (link: EEXIST instead of a silent overwrite; all taken back then); reports, index and
 * failed.txt replace theirs, as writeFileAtomic does without --obfuscate. Returns final path by staged path.
 */
export async function publishStage(stage: Stage, map: ObfuscationMap, mappingPath: string): Promise<Map<string, string>> {
  const survivors = await findSurvivors(map, stage.dir);
  if (survivors.length > 0) {
    await discardStage(stage);
    throw new InternalError(`--obfuscate: original values survived, nothing was written: ${describeSurvivors(survivors)}`, {
      expected: 'no original host name, domain, address, user or cgroup name in any written file',
      found: `see the private mapping ${mappingPath} for the values`,
    });
  }
  const names = await stagedFiles(stage.dir);
  for (const name of names) await mkdir(dirname(join(stage.finalDir, name)), { recursive: true });
  const archives = names.filter((n) => n.endsWith(ARCHIVE_EXTENSION));
  const moved = new Map<string, string>();
  try {
    for (const name of archives) {
      await link(join(stage.dir, name), join(stage.finalDir, name));
      moved.set(join(stage.dir, name), join(stage.finalDir, name));
    }
  } catch (error) {
    // All or nothing: a name already taken takes back what this run had moved.
    for (const path of moved.values()) await unlink(path).catch(() => undefined);
    await discardStage(stage);
    throw error;
  }
  try {
    for (const name of names.filter((n) => !archives.includes(n))) {
      await rename(join(stage.dir, name), join(stage.finalDir, name));
      moved.set(join(stage.dir, name), join(stage.finalDir, name));
    }
  } finally {
    await discardStage(stage);
  }
  return moved;
}
