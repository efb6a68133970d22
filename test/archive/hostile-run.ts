// What the hostile-archive tests share: a shell step that must succeed, and `analyze` run as a user would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../helpers/paths.js';

/** `sh -c SCRIPT` in `dir`: the test's tar/gzip pipeline, run by the real tools. */
export function sh(dir: string, script: string): void {
  const result = spawnSync('sh', ['-c', script], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

/** hostsnap analyze TARBALL --out OUT --format json: exit code, stderr, and what OUT holds. */
export function analyzeCli(tarball: string, outParent: string): { status: number | null; stderr: string; written: string[] } {
  const out = join(outParent, 'out');
  const result = spawnSync(process.execPath, [repoPath('bin', 'hostsnap.js'), 'analyze', tarball, '--out', out, '--format', 'json'], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stderr: result.stderr, written: existsSync(out) ? readdirSync(out) : [] };
}
