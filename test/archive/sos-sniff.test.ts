// A sosreport tarball whose sos marks come late (a big etc/ first, as a full sos 4.0 report here
// and sos 3.x's directory-order tarballs do) is still read as a sosreport, by real tar and xz.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readInput } from '../../src/archive/input.js';
import { sniffTarball, tarballKind } from '../../src/archive/sniff.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';

const tempDir = tempDirs('hostsnap-sos-sniff-');
const TOP = 'sosreport-web9-2026-12-01-late';
const ETC_FILES = 1500;

/** The real sos 4.0 fixture as TOP/, with etc/ holding copies of this machine's own /etc files, as sos copies them. */
function report(): string {
  const dir = tempDir();
  cpSync(repoPath('test', 'fixtures', 'hosts', 'sos-4.0-debian12'), join(dir, TOP), { recursive: true });
  rmSync(join(dir, TOP, 'ORIGIN.md'));
  let copied = 0;
  const walk = (from: string, depth: number): void => {
    for (const name of readdirSync(from)) {
      if (copied >= ETC_FILES) return;
      const path = join(from, name);
      let st;
      try { st = statSync(path); } catch { continue; }
      if (st.isDirectory() && depth < 4) walk(path, depth + 1);
      else if (st.isFile() && st.size < 64 * 1024) {
        const to = join(dir, TOP, 'etc', `f${copied}`);
        mkdirSync(join(dir, TOP, 'etc'), { recursive: true });
        try { copyFileSync(path, to); copied++; } catch { /* unreadable: skipped, as sos skips */ }
      }
    }
  };
  walk('/etc', 0);
  assert.ok(copied > 400, `only ${copied} files under /etc to copy`);
  return dir;
}

/** tar in the given order of top-level members (GNU tar keeps argument order), then xz. */
function tarball(dir: string, members: string[]): string {
  const file = join(dir, `${TOP}.tar.xz`);
  execFileSync('sh', ['-c', `tar -cf - ${members.map((m) => `${TOP}/${m}`).join(' ')} | xz -1 > ${TOP}.tar.xz`], { cwd: dir });
  return file;
}

describe('sosreport tarball sniffing', () => {
  it('finds the sos marks after more than a thousand etc/ entries', async () => {
    const dir = report();
    const file = tarball(dir, ['etc', 'sos_commands', 'proc', 'var', 'version.txt']);
    assert.equal(await tarballKind(file), 'sosreport');
    const set = await readInput(file);
    assert.equal(set.kind, 'sosreport');
    assert.ok(set.sources.has('free'));
  });

  it('takes sos\'s own top-level link (free -> sos_commands/memory/free) as a mark before etc/', async () => {
    const dir = report();
    symlinkSync('sos_commands/memory/free', join(dir, TOP, 'free'));
    const file = tarball(dir, ['free', 'etc', 'sos_commands', 'proc', 'var', 'version.txt']);
    assert.equal(await tarballKind(file), 'sosreport');
  });

  it('hands the read every tar byte once, in order: what it sniffed, then the rest of the same pass', async () => {
    const dir = report();
    const file = tarball(dir, ['etc', 'sos_commands', 'proc', 'var', 'version.txt']);
    const sniffed = await sniffTarball(file);
    assert.equal(sniffed?.kind, 'sosreport');
    const chunks: Buffer[] = [];
    for await (const chunk of sniffed!.bytes) chunks.push(chunk as Buffer);
    // xz -dc: the same tar as decoded by xz itself.
    assert.ok(Buffer.concat(chunks).equals(execFileSync('xz', ['-dc', file], { maxBuffer: 256 * 1024 * 1024 })));
  });

  it('a tarball of etc/ alone is neither kind', async () => {
    const dir = report();
    assert.equal(await tarballKind(tarball(dir, ['etc'])), null);
  });
});
