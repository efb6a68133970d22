// Real sosreports made by sos 4.0 on this machine and on a replay host, read straight from their tarballs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import type { SosreportSet } from '../../src/archive/sosreport.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { ensureSos, makeReplaySosreport, makeSosreport } from './sos-maker.js';

const tempDir = tempDirs('hostsnap-sos-');
const CASE = '2011-web1-xen-i686-lowmem';

/** The top folder of a tarball, as GNU tar lists it. */
function topOf(tarball: string): string {
  return execFileSync('tar', ['-taf', tarball], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n')[0].replace(/\/.*$/, '');
}

/** The report's folder as GNU tar unpacks it (tar picks the decompressor by the name, -a). */
function unpack(tarball: string): string {
  const dir = tempDir();
  execFileSync('tar', ['-xaf', tarball, '-C', dir]);
  return join(dir, readdirSync(dir)[0]);
}

describe('sosreport tarballs made by sos 4.0', { timeout: 600_000 }, () => {
  const made: Record<string, string> = {};
  before(async () => {
    ensureSos();
    made.xz = await makeSosreport(tempDir(), 'xz');
    made.gzip = await makeSosreport(tempDir(), 'gzip');
    // sos 4.0 writes xz or gzip only; sos 3.x also wrote .tar.bz2. The same tar, through bzip2.
    made.bzip2 = join(tempDir(), `${topOf(made.xz)}.tar.bz2`);
    execFileSync('sh', ['-c', 'xz -dc "$1" | bzip2 -c > "$2"', 'sh', made.xz, made.bzip2]);
    made.replay = await makeReplaySosreport(CASE, tempDir(), 'xz');
  });

  for (const compression of ['xz', 'gzip', 'bzip2']) {
    it(`reads a ${compression} sosreport in one stream: every source byte for byte as tar extracts it`, async () => {
      const set = (await readInput(made[compression])) as SosreportSet;
      assert.equal(set.kind, 'sosreport');
      const root = unpack(made[compression]);
      assert.equal(set.sos.version, /^sosreport: (\S+)/m.exec(readFileSync(join(root, 'version.txt'), 'utf8'))![1]);
      assert.equal(set.sos.version, '4.0');
      // What issue 14's command collects here, at least.
      for (const id of ['uname', 'proc-meminfo', 'proc-zoneinfo', 'proc-slabinfo', 'free', 'ps', 'sysctl']) assert.ok(set.sources.has(id), id);
      for (const [id, rel] of Object.entries(set.sos.files)) {
        assert.equal(set.sources.get(id)!.origin, rel);
        assert.equal(set.sources.get(id)!.text, readFileSync(join(root, rel), 'utf8'), `${id} from ${rel}`);
      }
      const { document } = analyze(set);
      assert.equal(document.host.name, hostname());
      assert.equal(document.input.kind, 'sosreport');
    });
  }

  it('reads the same sources from the tarball as from the folder tar unpacks', async () => {
    const folder = (await readInput(unpack(made.xz))) as SosreportSet;
    const tarball = (await readInput(made.xz)) as SosreportSet;
    assert.deepEqual(folder.sos, tarball.sos);
    assert.deepEqual([...folder.sources.values()], [...tarball.sources.values()]);
  });

  it('follows the report\'s own links inside it, wherever the link and its target fall in the stream', async () => {
    // The real report, with sos_commands/kernel made a link to a folder beside it (kernel.real,
    // which the reader does not look for by name): uname and sysctl are read through the link.
    const root = unpack(made.gzip);
    const uname = readFileSync(join(root, 'sos_commands', 'kernel', 'uname_-a'), 'utf8');
    const commands = join(root, 'sos_commands');
    renameSync(join(commands, 'kernel'), join(commands, 'kernel.real'));
    symlinkSync('kernel.real', join(commands, 'kernel'));
    const repacked = join(tempDir(), `${basename(root)}.tar.gz`);
    execFileSync('tar', ['-czf', repacked, '-C', dirname(root), basename(root)]);
    const set = (await readInput(repacked)) as SosreportSet;
    assert.equal(set.sos.files.uname, 'sos_commands/kernel/uname_-a');
    assert.equal(set.sources.get('uname')!.text, uname);
    assert.ok(set.sources.has('sysctl'));
  });

  it('gives the headline incident\'s lowmem verdict from a sosreport of the replay host', async () => {
    const set = (await readInput(made.replay)) as SosreportSet;
    assert.equal(set.sos.files['kern-log'], 'var/log/kern.log');
    assert.equal(set.sos.files['proc-zoneinfo'], 'proc/zoneinfo');
    const { document } = analyze(set);
    assert.deepEqual([document.host.name, document.host.arch, document.host.bits], ['web1', 'i686', 32]);
    const lowmem = document.findings.find((f) => f.id === 'lowmem-exhaustion');
    assert.ok(lowmem, JSON.stringify(document.findings.map((f) => f.id)));
    assert.equal(lowmem.severity, 'critical');
    // dmesg was /bin/false on the replay host: this machine's own OOM kills are not in its report.
    assert.ok(!document.findings.some((f) => f.id === 'memcg-oom'));
    assert.ok(document.oomEvents.some((e) => e.gfpMask === '0xd0' && e.order === 1), JSON.stringify(document.oomEvents.map((e) => [e.gfpMask, e.order])));
  });

  it('refuses a tarball that is no sosreport, naming what it expected', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'photos'));
    writeFileSync(join(dir, 'photos', 'cat.txt'), 'not a sosreport\n');
    const tarball = join(tempDir(), 'photos.tar.xz');
    execFileSync('tar', ['-cJf', tarball, '-C', dir, 'photos']);
    await assert.rejects(readInput(tarball), /neither a hostsnap archive nor a sosreport/);
  });
});
