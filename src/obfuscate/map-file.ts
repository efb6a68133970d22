// The private mapping file (original -> stand-in), kept outside every output folder, mode 0600.
import { chmod, mkdir, open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { compactTimestamp } from '../archive/names.js';
import type { ObfuscationMap } from './mapping.js';

export const MAPPING_SCHEMA = 'hostsnap/obfuscation-map@1';

/**
 * $XDG_STATE_HOME/hostsnap/obfuscation (default ~/.local/state/…), not --out: --out is what gets
 * zipped and attached whole, and this file undoes everything --obfuscate did.
 */
export function mappingDir(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'hostsnap', 'obfuscation');
}

/** Writes the mapping as JSON, created 0600 (never readable by others, even for a moment); returns its path. */
export async function writeMappingFile(map: ObfuscationMap, startedAt: Date, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = mappingDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = join(dir, `${compactTimestamp(startedAt)}-${randomBytes(4).toString('hex')}.json`);
  const file = await open(path, 'wx', 0o600);
  try {
    const doc = { schema: MAPPING_SCHEMA, createdAt: startedAt.toISOString(), entries: map.entries() };
    await file.writeFile(`${JSON.stringify(doc, null, 2)}\n`, 'utf8');
  } finally {
    await file.close();
  }
  return path;
}
