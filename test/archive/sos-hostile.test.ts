// Hostile sosreport tarballs made with real tar, xz and gzip: each refused by name, nothing written.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readInput } from '../../src/archive/input.js';
import { SOS_SCAN_CAPS } from '../../src/archive/sos-tarball.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { analyzeCli as analyzeIn, sh } from './hostile-run.js';
import { repoPath } from '../helpers/paths.js';

const tempDir = tempDirs('hostsnap-sos-hostile-');
const TOP = 'sosreport-web9-2026-11-30-hostile';

/** A real sos 4.0 tree (the repository's fixture) as TOP/ in a fresh folder, to be spoiled. */
function tree(): string {
  const dir = tempDir();
  cpSync(repoPath('test', 'fixtures', 'hosts', 'sos-4.0-debian12'), join(dir, TOP), { recursive: true });
  rmSync(join(dir, TOP, 'ORIGIN.md'));
  return dir;
}

/** hostsnap analyze TARBALL into a fresh --out (see hostile-run.ts). */
const analyzeCli = (tarball: string): ReturnType<typeof analyzeIn> => analyzeIn(tarball, tempDir());

const cases: Array<{ name: string; make: (dir: string) => string; refusal: RegExp; names: string }> = [
  {
    name: 'an entry climbing out with ..',
    make: (dir) => {
      writeFileSync(join(dir, 'evil'), 'x\n');
      // -P keeps the name as given: GNU tar would otherwise strip the '../' itself.
      sh(dir, `tar -cPf - ${TOP} ${TOP}/../evil | xz -0 > x.tar.xz`);
      return join(dir, 'x.tar.xz');
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
    name: 'a symbolic link out of the report (to /etc/shadow)',
    make: (dir) => {
      rmSync(join(dir, TOP, 'proc', 'meminfo'));
      symlinkSync('/etc/shadow', join(dir, TOP, 'proc', 'meminfo'));
      sh(dir, `tar -cJf x.tar.xz ${TOP}`);
      return join(dir, 'x.tar.xz');
    },
    refusal: /link out of the report/,
    names: `${TOP}/proc/meminfo -> /etc/shadow`,
  },
  {
    name: 'a relative link that climbs out of the report',
    make: (dir) => {
      symlinkSync('../../../etc/passwd', join(dir, TOP, 'proc', 'cmdline'));
      sh(dir, `tar -czf x.tar.gz ${TOP}`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /link out of the report/,
    names: `${TOP}/proc/cmdline -> ../../../etc/passwd`,
  },
  {
    name: 'a character device (mknod)',
    make: (dir) => {
      rmSync(join(dir, TOP, 'proc', 'zoneinfo'));
      sh(dir, `mknod ${TOP}/proc/zoneinfo c 1 3 && tar -cJf x.tar.xz ${TOP}`);
      return join(dir, 'x.tar.xz');
    },
    refusal: /unexpected CharacterDevice entry/,
    names: `${TOP}/proc/zoneinfo`,
  },
  {
    name: 'a FIFO',
    make: (dir) => {
      sh(dir, `mkfifo ${TOP}/sos_commands/kernel/pipe && tar -czf x.tar.gz ${TOP}`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /unexpected FIFO entry/,
    names: `${TOP}/sos_commands/kernel/pipe`,
  },
  {
    name: `more than ${SOS_SCAN_CAPS.entries} entries`,
    make: (dir) => {
      // The same file named again and again: GNU tar writes each repeat as a hard link entry.
      sh(dir, `(find ${TOP}; yes ${TOP}/version.txt | head -n ${SOS_SCAN_CAPS.entries}) > list && tar -cf - --no-recursion -T list | xz -0 > x.tar.xz`);
      return join(dir, 'x.tar.xz');
    },
    refusal: /archive too large/,
    names: `${TOP}/version.txt`,
  },
  {
    name: 'a log that would unpack past the total cap (its header says 5 GiB)',
    make: (dir) => {
      mkdirSync(join(dir, TOP, 'var', 'log'), { recursive: true });
      // A sparse 5 GiB file: tar reads holes as zeros; the stream is cut after its header.
      sh(dir, `truncate -s 5G ${TOP}/var/log/messages && (tar -cf - ${TOP} 2>/dev/null | head -c 8388608 | gzip -1 > x.tar.gz) ; rm ${TOP}/var/log/messages`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /archive too large/,
    names: `${TOP}/var/log/messages`,
  },
  {
    name: 'a file hostsnap reads that is past the per-file cap',
    make: (dir) => {
      sh(dir, `truncate -s 17M ${TOP}/proc/meminfo && tar -cf - ${TOP} | gzip -1 > x.tar.gz`);
      return join(dir, 'x.tar.gz');
    },
    refusal: /too large/,
    names: `${TOP}/proc/meminfo`,
  },
];

describe('hostile sosreport tarballs', { timeout: 300_000 }, () => {
  for (const c of cases) {
    it(`refuses ${c.name}, naming the entry, and writes nothing`, async () => {
      const tarball = c.make(tree());
      await assert.rejects(readInput(tarball), (error: Error & { found?: string }) => {
        assert.match(error.message, c.refusal);
        assert.ok(`${error.message} ${error.found}`.includes(c.names), `${error.message} / ${error.found}`);
        return true;
      });
      const cli = analyzeCli(tarball);
      assert.equal(cli.status, 2, cli.stderr);
      assert.ok(cli.stderr.includes(c.names), cli.stderr);
      assert.deepEqual(cli.written, []);
    });
  }

  it('reads the same tree when nothing is spoiled (the cases above fail for their spoil alone)', async () => {
    const dir = tree();
    // A full sos 4.0 report here holds systemd's escaped unit names, backslash and all
    // (usr/lib/systemd/system/system-systemd\x2dcryptsetup.slice): a name, not a hostile path.
    mkdirSync(join(dir, TOP, 'usr', 'lib', 'systemd', 'system'), { recursive: true });
    writeFileSync(join(dir, TOP, 'usr', 'lib', 'systemd', 'system', 'system-systemd\\x2dcryptsetup.slice'), '[Unit]\n');
    sh(dir, `tar -cJf x.tar.xz ${TOP}`);
    const set = await readInput(join(dir, 'x.tar.xz'));
    assert.equal(set.kind, 'sosreport');
    assert.ok(set.sources.has('proc-meminfo') && set.sources.has('proc-zoneinfo'));
  });
});
