// schedule --obfuscate: one mapping per --out, kept across cycles (private, outside --out), so a host keeps its stand-in.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempPathFor } from '../archive/temp-names.js';
import { InternalError, UsageError } from '../errors.js';
import { MAPPING_SCHEMA, mappingDir } from './map-file.js';
import { ObfuscationMap, type MappingEntry } from './mapping.js';

/**
 * OUT/.hostsnap-obfuscated.json: `{ schema, mapping: ID }`, a random id and nothing else. It ties
 * OUT to its mapping ($XDG_STATE_HOME/hostsnap/obfuscation/schedule-ID/mapping.json), so OUT may
 * move, and it stops a run that would mix originals and stand-ins in one history.
 */
export const OBFUSCATED_MARKER = '.hostsnap-obfuscated.json';
const MARKER_SCHEMA = 'hostsnap/obfuscated-out@1';

export interface PersistentMapping {
  /** The private folder: mapping.json (0600) and the lock of the cycle using it. */
  dir: string;
  path: string;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The mapping of `outDir`, made on the first --obfuscate run. Refused (usage errors, before any
 * host is collected): --obfuscate on an OUT holding history by original names (the fleet index
 * would list them), a run without --obfuscate on an obfuscated OUT (originals beside stand-ins),
 * and an obfuscated OUT whose mapping is gone (new stand-ins would not line up with the history).
 */
export async function persistentMapping(outDir: string, obfuscate: boolean): Promise<PersistentMapping | null> {
  const marker = (await readJson(join(outDir, OBFUSCATED_MARKER))) as { schema?: string; mapping?: string } | null;
  if (marker === null && !obfuscate) return null;
  if (marker !== null && !obfuscate) {
    throw new UsageError(`${outDir} was written with --obfuscate: without it, original names would be written beside the stand-ins`, { expected: '--obfuscate, or another --out', found: OBFUSCATED_MARKER });
  }
  let id = marker?.mapping;
  if (marker === null) {
    const hosts = (await readdir(outDir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.'));
    if (hosts.length > 0) throw new UsageError(`--obfuscate needs an --out of its own: ${outDir} holds history written without it`, { expected: 'an empty or new --out', found: `${hosts.length} host folder(s)` });
    id = randomBytes(8).toString('hex');
  }
  if (marker !== null && (marker.schema !== MARKER_SCHEMA || !/^[0-9a-f]{16}$/.test(id ?? ''))) throw new UsageError(`${join(outDir, OBFUSCATED_MARKER)} is not hostsnap's`, { expected: MARKER_SCHEMA, found: String(marker.schema) });
  const dir = join(mappingDir(), `schedule-${id}`);
  const path = join(dir, 'mapping.json');
  if (marker === null) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    await writeFile(join(outDir, OBFUSCATED_MARKER), `${JSON.stringify({ schema: MARKER_SCHEMA, mapping: id })}\n`, { flag: 'wx' });
  } else if ((await readJson(path)) === null) {
    throw new UsageError(`the obfuscation mapping of ${outDir} is missing (${path}): new stand-ins would not line up with its history`, { expected: 'the mapping restored, or another --out', found: 'no mapping' });
  }
  return { dir, path };
}

/**
 * The saved mapping made again (ObfuscationMap.replay), and how to save it: 0600, by rename, so a
 * killed save leaves the previous one. The caller holds the lock of persistent.dir (lockHost).
 */
export async function loadMapping(persistent: PersistentMapping): Promise<{ map: ObfuscationMap; save: () => Promise<void> }> {
  const doc = (await readJson(persistent.path)) as { entries?: MappingEntry[] } | null;
  const map = doc === null ? new ObfuscationMap() : ObfuscationMap.replay(doc.entries ?? []);
  if (map === null) throw new InternalError(`${persistent.path}: its stand-ins cannot be made again (another hostsnap version's mapping)`);
  const save = async (): Promise<void> => {
    const temp = tempPathFor(persistent.path);
    await writeFile(temp, `${JSON.stringify({ schema: MAPPING_SCHEMA, updatedAt: new Date().toISOString(), entries: map.entries() }, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    await rename(temp, persistent.path);
  };
  return { map, save };
}
