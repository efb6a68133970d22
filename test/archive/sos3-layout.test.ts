// A real sos 3.6 report (test/fixtures/hosts/sos-3.x-coreos-master1) read as a folder and as the
// .tar.xz and .tar.bz2 that sos 3.x wrote, checked against the reading its ORIGIN.md wrote down first.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import { SOS_PATHS, sosVersion, type SosreportSet } from '../../src/archive/sosreport.js';
import { render } from '../../src/report/index.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';

const FIXTURE = repoPath('test', 'fixtures', 'hosts', 'sos-3.x-coreos-master1');
const tempDir = tempDirs('hostsnap-sos3-');

/** The files ORIGIN.md expects each source to come from (and no other source). */
const EXPECTED_FILES = {
  dmesg: 'sos_commands/kernel/dmesg',
  free: 'sos_commands/memory/free',
  'proc-buddyinfo': 'proc/buddyinfo',
  'proc-meminfo': 'proc/meminfo',
  'proc-slabinfo': 'proc/slabinfo',
  'proc-vmstat': 'proc/vmstat',
  'proc-zoneinfo': 'proc/zoneinfo',
  ps: 'sos_commands/process/ps_auxwww',
  sysctl: 'sos_commands/kernel/sysctl_-a',
  uptime: 'sos_commands/host/uptime',
};

/**
 * tar's xz and bzip2, installed with apt-get when missing (the machines run as root). apt waits
 * for the dpkg lock: sos-tarball.test.ts may be installing sosreport at the same moment.
 */
function ensureCompressors(): void {
  const missing = [['xz', 'xz-utils'], ['bzip2', 'bzip2']].filter(([tool]) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length === 0) return;
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...missing.map(([, pkg]) => pkg)],
    { stdio: 'ignore', timeout: 360_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** A copy of the report as sos names its folder, optionally without some of its files. */
function copyOfReport(without: string[] = []): string {
  const root = join(tempDir(), 'sosreport-master1-20191002025358');
  cpSync(FIXTURE, root, { recursive: true });
  rmSync(join(root, 'ORIGIN.md'));
  for (const rel of without) rmSync(join(root, rel));
  return root;
}

/** The report packed by GNU tar through xz (-J, sos 3.x's default) or bzip2 (-j, sos 3.x's -z bzip2). */
function tarball(root: string, flag: '-J' | '-j', ext: string): string {
  const out = `${root}.tar.${ext}`;
  execFileSync('tar', [flag, '-cf', out, '-C', join(root, '..'), 'sosreport-master1-20191002025358']);
  return out;
}

describe('a sos 3.6 report (OpenShift master on RHCOS, Hyper-V)', () => {
  let folder: SosreportSet;
  before(async () => {
    ensureCompressors();
    folder = (await readInput(FIXTURE)) as SosreportSet;
  });

  it('reads each source from the file sos 3.6 wrote, byte for byte, and says which', () => {
    assert.equal(folder.kind, 'sosreport');
    assert.deepEqual(folder.sos.files, EXPECTED_FILES);
    assert.deepEqual([...folder.sources.keys()].sort(), Object.keys(EXPECTED_FILES).sort());
    for (const [id, rel] of Object.entries(EXPECTED_FILES)) {
      assert.equal(folder.sources.get(id)!.text, readFileSync(join(FIXTURE, rel), 'utf8'), id);
      assert.equal(folder.sources.get(id)!.origin, rel);
    }
    assert.deepEqual(folder.sos.cut, {});
  });

  it('never reads free -m, whose MiB figures carry no unit', () => {
    assert.ok(!SOS_PATHS.find(([id]) => id === 'free')![1].includes('sos_commands/memory/free_-m'));
    assert.match(folder.sources.get('free')!.text, /^Mem:\s+8164548 /m);
  });

  it('says sos 3.6 made it, from version.txt', () => {
    assert.equal(folder.sos.version, '3.6');
    assert.equal(sosVersion(readFileSync(join(FIXTURE, 'version.txt'), 'utf8'), null), '3.6');
  });

  it('falls back on sos_logs/ui.log when version.txt is gone, and on nothing else', async () => {
    const withoutVersion = (await readInput(copyOfReport(['version.txt']))) as SosreportSet;
    assert.equal(withoutVersion.sos.version, '3.6');
    const neither = (await readInput(copyOfReport(['version.txt', 'sos_logs/ui.log']))) as SosreportSet;
    assert.equal(neither.sos.version, null);
    assert.deepEqual(neither.sos.files, EXPECTED_FILES);
  });

  it('gives the reading ORIGIN.md expected: host, no OOM, the kubelet on top, overcommit mode 1, nothing else', () => {
    const { document } = analyze(folder);
    assert.deepEqual(document.host, { name: null, kernel: '4.18.0-80.11.2.el8_0.x86_64', arch: null, bits: null });
    assert.deepEqual(document.oomEvents, []);
    assert.deepEqual(document.findings.map((f) => [f.id, f.severity]).sort(), [['overcommit-policy', 'info'], ['top-memory-consumers', 'info']]);
    const top = document.findings.find((f) => f.id === 'top-memory-consumers')!;
    const order = ['hyperkube (pid 1143) 128,948 kB', 'crio (pid 1057) 104,324 kB', '(pid 3207) 69,264 kB', '(pid 3199) 63,332 kB', '(pid 3255) 55,388 kB'];
    const at = order.map((s) => top.summary.indexOf(s));
    assert.ok(at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1])), top.summary);
    const overcommit = document.findings.find((f) => f.id === 'overcommit-policy')!;
    assert.match(overcommit.summary, /vm\.overcommit_memory = 1/);
    assert.match(overcommit.summary, /Committed_AS 1,596,188 kB/);
    // What sos 3.6 did not collect is coverage, not a guess.
    assert.ok(document.coverage.some((c) => c.rule === 'psi-memory-pressure' && c.reason.includes('not in the sosreport input')));
  });

  it('names sos 3.6 and the files read in the HTML, Markdown and JSON reports', () => {
    const analysis = analyze(folder);
    const json = JSON.parse(render(analysis, 'json')) as { input: { sos?: { version: string; files: Record<string, string> } } };
    assert.deepEqual(json.input.sos?.files, EXPECTED_FILES);
    assert.equal(json.input.sos?.version, '3.6');
    const html = render(analysis, 'html');
    assert.match(/<section id="sosreport">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '', /Made by sos 3\.6\./);
    assert.match(html, /sos_commands\/host\/uptime/);
    assert.match(render(analysis, 'md'), /read from a sosreport made by sos 3\.6/);
  });

  for (const [flag, ext] of [['-J', 'xz'], ['-j', 'bz2']] as const) {
    it(`reads the same from a .tar.${ext} of it, made by real tar`, async () => {
      const set = (await readInput(tarball(copyOfReport(), flag, ext))) as SosreportSet;
      assert.equal(set.kind, 'sosreport');
      assert.deepEqual(set.sos, folder.sos);
      assert.deepEqual([...set.sources.values()], [...folder.sources.values()]);
    });
  }

  it('reads the ui.log fallback from a tarball too', async () => {
    const set = (await readInput(tarball(copyOfReport(['version.txt']), '-J', 'xz'))) as SosreportSet;
    assert.equal(set.sos.version, '3.6');
  });
});
