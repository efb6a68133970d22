// Hostile hostsnap archives (.tar.gz) made with real tar and gzip: each refused by name, nothing written.
import assert from 'node:assert/strict';
import { cpSync, createReadStream, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readInput } from '../../src/archive/input.js';
import { MAX_ENTRIES } from '../../src/archive/manifest.js';
import { walkTar } from '../../src/archive/tar-walk.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';
import { analyzeCli, sh } from './hostile-run.js';

const tempDir = tempDirs('hostsnap-snap-hostile-');
const TOP = 'web9-20261201T000000Z';

/** A real snapshot (the psi-light fixture, captured by hostsnap) as TOP/ in a fresh folder, to be spoiled. */
function tree(): string {
  const dir = tempDir();
  cpSync(repoPath('test', 'fixtures', 'hosts', 'debian12-x86_64-psi-light'), join(dir, TOP), { recursive: true });
  rmSync(join(dir, TOP, 'ORIGIN.md'));
  return dir;
}

const cases: Array<{ name: string; make: (dir: string) => string; refusal: RegExp; names: string }> = [
  {
    name: 'an entry climbing out with ..',
    make: (dir) => {
      writeFileSync(join(dir, 'evil'), 'x\n');
      // -P keeps the name as given: GNU tar would otherwise strip the '../' itself.
      sh(dir, `tar -cPf - ${TOP} ${TOP}/../evil | gzip > x.tar.gz`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /unsafe path in archive/,
    names: `${TOP}/../evil`,
  },
  {
    name: 'an absolute path',
    make: (dir) => {
      writeFileSync(join(dir, 'evil'), 'x\n');
      sh(dir, `tar -cPf - ${TOP} "$PWD/evil" | gzip > x.tar.gz`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /unsafe path in archive/,
    names: '/evil',
  },
  {
    name: 'a symbolic link (raw/proc-meminfo.txt -> /etc/shadow)',
    make: (dir) => {
      rmSync(join(dir, TOP, 'raw', 'proc-meminfo.txt'));
      symlinkSync('/etc/shadow', join(dir, TOP, 'raw', 'proc-meminfo.txt'));
      sh(dir, `tar -czf x.tar.gz ${TOP}`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /unexpected SymbolicLink entry/,
    names: `${TOP}/raw/proc-meminfo.txt`,
  },
  {
    name: 'a hard link',
    make: (dir) => {
      sh(dir, `ln ${TOP}/raw/free.txt ${TOP}/raw/vmstat2.txt && tar -czf x.tar.gz ${TOP}`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /unexpected Link entry/,
    names: `${TOP}/raw/`,
  },
  {
    name: 'a character device (mknod)',
    make: (dir) => {
      rmSync(join(dir, TOP, 'raw', 'proc-zoneinfo.txt'));
      sh(dir, `mknod ${TOP}/raw/proc-zoneinfo.txt c 1 3 && tar -czf x.tar.gz ${TOP}`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /unexpected CharacterDevice entry/,
    names: `${TOP}/raw/proc-zoneinfo.txt`,
  },
  {
    name: 'a FIFO',
    make: (dir) => {
      sh(dir, `mkfifo ${TOP}/raw/pipe.txt && tar -czf x.tar.gz ${TOP}`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /unexpected FIFO entry/,
    names: `${TOP}/raw/pipe.txt`,
  },
  {
    name: `more than ${MAX_ENTRIES} entries`,
    make: (dir) => {
      // The same file named again and again: GNU tar writes each repeat as a hard link entry,
      // so the list starts with enough distinct empty files to cross the cap first.
      sh(dir, `mkdir ${TOP}/raw/many && (cd ${TOP}/raw/many && seq 1 ${MAX_ENTRIES + 1} | xargs touch) && tar -czf x.tar.gz ${TOP}`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /archive too large/,
    names: `${TOP}/raw/many/`,
  },
  {
    name: 'a decompression bomb: raw/dmesg.txt whose header says 5 GiB of zeros',
    make: (dir) => {
      // A sparse 5 GiB file: tar reads its holes as zeros; the stream is cut after its header
      // (the refusal comes at the header, before any of it is inflated).
      sh(dir, `truncate -s 5G ${TOP}/raw/dmesg.txt && (tar -cf - ${TOP} 2>/dev/null | head -c 8388608 | gzip -1 > x.tar.gz); rm ${TOP}/raw/dmesg.txt`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /archive too large/,
    names: `${TOP}/raw/dmesg.txt`,
  },
  {
    name: 'a file past the per-file cap (17 MiB of zeros)',
    make: (dir) => {
      sh(dir, `truncate -s 17M ${TOP}/raw/proc-meminfo.txt && tar -cf - ${TOP} | gzip -1 > x.tar.gz`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /too large/,
    names: `${TOP}/raw/proc-meminfo.txt`,
  },
  {
    name: 'a truncated gzip (the first 20,000 bytes of a whole archive)',
    make: (dir) => {
      sh(dir, `tar -czf whole.tar.gz ${TOP} && head -c 20000 whole.tar.gz > x.tar.gz`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /corrupt or truncated compressed data after/,
    names: `${TOP}/`,
  },
  {
    name: 'a corrupt gzip (8 bytes overwritten in the middle)',
    make: (dir) => {
      sh(dir, `tar -czf x.tar.gz ${TOP} && printf '\\377\\377\\377\\377\\377\\377\\377\\377' | dd of=x.tar.gz bs=1 seek=5000 conv=notrunc 2>/dev/null`);
      return join(dir, 'x.tar.gz');
    },
    // zlib or the tar checksums notice first, depending on where the damage lands.
    refusal: /corrupt or truncated compressed data after|not a readable tar archive after/,
    names: `${TOP}/`,
  },
];

describe('hostile hostsnap archives', { timeout: 300_000 }, () => {
  for (const c of cases) {
    it(`refuses ${c.name}, naming the entry, and writes nothing`, async () => {
      const tarball = c.make(tree());
      await assert.rejects(readInput(tarball), (error: Error & { found?: string }) => {
        assert.match(error.message, c.refusal);
        assert.ok(`${error.message} ${error.found}`.includes(c.names), `${error.message} / ${error.found}`);
        return true;
      });
      const cli = analyzeCli(tarball, tempDir());
      assert.equal(cli.status, 2, cli.stderr);
      assert.ok(cli.stderr.includes(c.names), cli.stderr);
      assert.deepEqual(cli.written, []);
    });
  }

  it('reads the same tree unspoiled (the refusals above are for their spoil alone)', async () => {
    const dir = tree();
    sh(dir, `tar -czf x.tar.gz ${TOP}`);
    const set = await readInput(join(dir, 'x.tar.gz'));
    assert.equal(set.kind, 'archive');
    assert.ok(set.sources.has('proc-meminfo') && set.sources.has('ps'));
  });

  it('stops at the tar\'s end: 100 MB of zeros gzipped after it are neither inflated nor read', async () => {
    const dir = tree();
    sh(dir, `(tar -cf - ${TOP}; head -c 100000000 /dev/zero) | gzip -1 > x.tar.gz`);
    const path = join(dir, 'x.tar.gz');
    let read = 0;
    const input = createReadStream(path, { highWaterMark: 64 * 1024 });
    input.on('data', (chunk) => (read += chunk.length));
    const files = await walkTar(path, input, { entries: MAX_ENTRIES, unpackedBytes: 1 << 30 }, (e) => (e.type === 'File' ? e.parts.join('/') : null));
    assert.ok(files.has(`${TOP}/raw/proc-meminfo.txt`));
    const size = statSync(path).size;
    assert.ok(read < size / 2, `read ${read} of ${size} bytes`);
    // And analyze reads it like the unspoiled archive.
    assert.ok((await readInput(path)).sources.has('proc-meminfo'));
  });
});
