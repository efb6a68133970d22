// `hostsnap analyze A B …` and `analyze FOLDER`: one report per host and the fleet index, through the built CLI.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';

const tempDir = tempDirs('hostsnap-analyze-many-');
const hostFixture = (name: string): string => repoPath('test', 'fixtures', 'hosts', name);

function hostsnap(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [repoPath('bin', 'hostsnap.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The repository's real sos 4.0 tree packed as `top`, with real tar and the given compressor flag. */
function sosTarball(dir: string, top: string, flag: '-J' | '-z' | '-j', spoil?: (root: string) => void): string {
  const work = tempDir();
  cpSync(hostFixture('sos-4.0-debian12'), join(work, top), { recursive: true });
  spoil?.(join(work, top));
  const ext = { '-J': 'xz', '-z': 'gz', '-j': 'bz2' }[flag];
  const file = join(dir, `${top}.tar.${ext}`);
  execFileSync('tar', ['-c', flag, '-f', file, '-C', work, top]);
  // sos leaves an .md5 beside each tarball: not an input.
  writeFileSync(`${file}.md5`, 'd41d8cd98f00b204e9800998ecf8427e\n');
  return file;
}

describe('analyze with several inputs', { timeout: 300_000 }, () => {
  it('a folder of sosreports (as sos collect leaves them): a report per host and index.json|html|md', () => {
    const dir = tempDir();
    sosTarball(dir, 'sosreport-node1-2026-11-30-aaaaaa', '-J');
    sosTarball(dir, 'sosreport-node2-2026-11-30-bbbbbb', '-z');
    const out = join(tempDir(), 'out');
    const run = hostsnap(['analyze', dir, '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    assert.equal(index.schema, 'hostsnap/fleet@1');
    assert.deepEqual(index.hosts.map((h: { input: string }) => h.input).sort(), readdirSync(dir).filter((n) => !n.endsWith('.md5')).map((n) => join(dir, n)).sort());
    for (const host of index.hosts) {
      assert.equal(host.sosVersion, '4.0');
      assert.deepEqual(Object.keys(host.reports), ['html', 'md', 'json']);
      for (const file of Object.values(host.reports) as string[]) assert.ok(existsSync(join(out, file)), file);
      const doc = JSON.parse(readFileSync(join(out, host.reports.json), 'utf8'));
      assert.equal(doc.input.sos.version, '4.0');
      assert.equal(doc.input.sos.files.dmesg, 'sos_commands/kernel/dmesg');
    }
    // Two reports of the same host never overwrite each other.
    assert.notEqual(index.hosts[0].reports.json, index.hosts[1].reports.json);
    assert.deepEqual(run.stdout.trim().split('\n').slice(-3), ['index.json', 'index.html', 'index.md'].map((n) => join(out, n)));
  });

  it('mixed inputs with a hostile one: the others are reported, the hostile one listed as failed, exit 3', () => {
    const dir = tempDir();
    const hostile = sosTarball(dir, 'sosreport-evil-2026-11-30-cccccc', '-j', (root) => {
      rmSync(join(root, 'proc', 'meminfo'));
      symlinkSync('/etc/shadow', join(root, 'proc', 'meminfo'));
    });
    const inputs = [hostFixture('debian12-x86_64-healthy'), hostFixture('2011-web1-xen-i686-lowmem/input.txt'), hostile];
    const out = join(tempDir(), 'out');
    const run = hostsnap(['analyze', ...inputs, '--out', out, '--format', 'json']);
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /sosreport-evil-2026-11-30-cccccc\/proc\/meminfo -> \/etc\/shadow/);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    assert.deepEqual(index.hosts.map((h: { name: string }) => h.name), ['web1', 'vm']);
    assert.equal(index.failed.length, 1);
    assert.equal(index.failed[0].input, hostile);
    assert.match(index.failed[0].error, /link out of the report/);
    assert.ok(readFileSync(join(out, 'index.html'), 'utf8').includes('link out of the report'));
  });

  it('several inputs without --out is a usage error that says why', () => {
    const run = hostsnap(['analyze', hostFixture('debian12-x86_64-healthy'), hostFixture('sos-4.0-debian12')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /several inputs need --out/);
  });

  it('one sosreport tarball prints its analysis on stdout, with the sos version and the files read', () => {
    const tarball = sosTarball(tempDir(), 'sosreport-vm-2026-11-26-dddddd', '-J');
    const run = hostsnap(['analyze', tarball, '--format', 'json']);
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.input.kind, 'sosreport');
    assert.equal(doc.input.sos.version, '4.0');
    assert.equal(doc.input.sos.files['proc-meminfo'], 'proc/meminfo');
  });
});
