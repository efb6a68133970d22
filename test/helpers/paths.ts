// Paths for tests: the repository root, whether running from src (tsx) or compiled dist/test.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

/** An absolute path from repository-relative parts: repoPath('test', 'fixtures', 'x.txt'). */
export function repoPath(...parts: string[]): string {
  return resolve(repoRoot, ...parts);
}

/**
 * The headline incident, as the repository's own byte-for-byte copy of
 * ../shared/incidents/2011-web1-xen-i686-lowmem.txt (shared/ is not ours to rely on in tests).
 */
export const incidentPath = repoPath('test', 'fixtures', 'hosts', '2011-web1-xen-i686-lowmem', 'input.txt');
