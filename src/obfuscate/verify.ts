// The verification pass: every written file (archives unpacked) scanned for every original value.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ValueKind } from './kinds.js';
import type { ObfuscationMap } from './mapping.js';

export interface Survivor {
  /** The file's name in the folder checked (the archive's name for its members). */
  file: string;
  kind: ValueKind;
  /** Character offset in the file's text (the unpacked tar stream for an archive). */
  at: number;
}

/**
 * A .tar.gz is gunzipped: tar stores its members (and their names) as they are, so the stream is
 * every member's bytes in a row. Text is read as UTF-8, as every reader of these files does.
 */
async function textOf(path: string): Promise<string> {
  const data = await readFile(path);
  return (path.endsWith('.gz') ? gunzipSync(data) : data).toString('utf8');
}

/** Every survivor in the files of `dir` and its folders (schedule's OUT/HOST/), names included; [] when it is clean. */
export async function findSurvivors(map: ObfuscationMap, dir: string, prefix = ''): Promise<Survivor[]> {
  const found: Survivor[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = `${prefix}${entry.name}`;
    for (const s of map.survivors(entry.name)) found.push({ file: name, kind: s.kind, at: -1 });
    if (entry.isDirectory()) found.push(...(await findSurvivors(map, join(dir, entry.name), `${name}/`)));
    else for (const s of map.survivors(await textOf(join(dir, entry.name)))) found.push({ file: name, kind: s.kind, at: s.at });
  }
  return found;
}

/**
 * What stderr says: the file and the kind, never the value. Whoever runs with --obfuscate means
 * to share what is written, and stderr is what lands in CI logs and tickets beside it; the value
 * is found with the offset and the private mapping file.
 */
export function describeSurvivors(survivors: Survivor[]): string {
  const byFile = new Map<string, string[]>();
  for (const s of survivors) {
    const where = s.at < 0 ? `a ${s.kind} in the file name` : `a ${s.kind} at character ${s.at}`;
    byFile.set(s.file, [...(byFile.get(s.file) ?? []), where]);
  }
  return [...byFile].map(([file, what]) => `${file}: ${what.slice(0, 5).join(', ')}${what.length > 5 ? `, and ${what.length - 5} more` : ''}`).join('; ');
}
