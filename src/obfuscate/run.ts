// One --obfuscate run (a snapshot command, a collection, an analyze): one mapping, one stage, one verification.
import { mkdir } from 'node:fs/promises';
import { ObfuscationMap } from './mapping.js';
import { writeMappingFile } from './map-file.js';
import { discardStage, openStage, publishStage, type Stage } from './stage.js';

export interface ObfuscationRun {
  map: ObfuscationMap;
  stage: Stage;
  startedAt: Date;
}

/** Every host of the run writes into run.stage.dir, obfuscated with run.map. */
export async function startObfuscation(outDir: string): Promise<ObfuscationRun> {
  await mkdir(outDir, { recursive: true });
  return { map: new ObfuscationMap(), stage: await openStage(outDir), startedAt: new Date() };
}

/**
 * Writes the private mapping, then verifies and publishes the stage (throws, having removed it,
 * when an original survived). Returns the mapping's path and the final path of each staged file.
 */
export async function finishObfuscation(run: ObfuscationRun): Promise<{ mappingPath: string; moved: Map<string, string> }> {
  const mappingPath = await writeMappingFile(run.map, run.startedAt);
  return { mappingPath, moved: await publishStage(run.stage, run.map, mappingPath) };
}

/** A run given up (an error before finishing): nothing of it stays in --out. */
export function abandonObfuscation(run: ObfuscationRun): Promise<void> {
  return discardStage(run.stage);
}
