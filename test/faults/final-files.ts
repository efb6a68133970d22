// What a fault left in --out: every file under a final name must be whole; partial files must be gone.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArchive } from '../../src/archive/read.js';

/**
 * Checks each file of `dir` by its kind: a .tar.gz reads whole (gzip trailer, tar end, manifest),
 * a .json parses, a .html ends with </html>, a .md or .txt is not empty. A leftover hidden
 * `.partial` fails. Returns the names kept, sorted, for the fault table.
 */
export async function checkFinalFiles(dir: string): Promise<string[]> {
  const names = readdirSync(dir).sort();
  for (const name of names) {
    assert.ok(!name.endsWith('.partial'), `a partial file was left: ${name}`);
    const path = join(dir, name);
    if (name.endsWith('.tar.gz')) assert.ok((await readArchive(path)).manifest, `${name} has no manifest`);
    else if (name.endsWith('.json')) JSON.parse(readFileSync(path, 'utf8'));
    else if (name.endsWith('.html')) assert.match(readFileSync(path, 'utf8'), /<\/html>\s*$/, `${name} is cut`);
    else assert.ok(readFileSync(path).length > 0, `${name} is empty`);
  }
  return names;
}
