// Files made after the verification pass (schedule's history pages, index, last-run): each text checked before it is written.
import { basename } from 'node:path';
import { writeFileAtomic } from '../archive/write-file.js';
import { InternalError } from '../errors.js';
import type { ObfuscationMap } from './mapping.js';
import { describeSurvivors, type Survivor } from './verify.js';

export type TextWriter = (path: string, text: string) => Promise<void>;

/**
 * writeFileAtomic, refusing (InternalError, exit 4, nothing written) a text or a name that holds
 * an original: these files are made from obfuscated archives and stand-ins, and this says so.
 */
export function checkedWriter(map: ObfuscationMap): TextWriter {
  return async (path, text) => {
    const file = basename(path);
    const found: Survivor[] = [...map.survivors(file).map((s) => ({ file, kind: s.kind, at: -1 })), ...map.survivors(text).map((s) => ({ file, kind: s.kind, at: s.at }))];
    if (found.length > 0) throw new InternalError(`--obfuscate: original values survived, not written: ${describeSurvivors(found)}`);
    await writeFileAtomic(path, text);
  };
}
