// Archives written and read back; hostile archives and folders refused; no partial file left.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { create } from 'tar';
import { readArchive, readSnapshotFolder } from '../../src/archive/read.js';
import { MANIFEST_SCHEMA, type Manifest } from '../../src/archive/types.js';
import { writeArchive } from '../../src/archive/write.js';
import { UsageError } from '../../src/errors.js';
import { tempDirs } from '../collect/temp-dirs.js';

const tempDir = tempDirs('hostsnap-archive-');

function manifest(): Manifest {
  const attempt = {
    sourceId: 'uname', command: 'uname -a', exitCode: 0, signal: null, timedOut: false, truncated: false,
    notFound: false, denied: false, startedAt: '2026-11-26T01:00:00.000Z', durationMs: 3, bytes: 6, stderr: '',
  };
  return {
    schema: MANIFEST_SCHEMA, tool: { name: 'hostsnap', version: 'test' }, target: 'local', hostname: 'web1',
    transport: 'local', sudo: false, startedAt: '2026-11-26T01:00:00.000Z', endedAt: '2026-11-26T01:00:05.000Z',
    probes: [{ id: 'uname', command: 'uname -a', via: 'primary', attempts: [attempt], file: 'raw/uname.txt' }],
  };
}

/** A tar.gz of files laid out in a scratch folder, entries named as given (preservePaths keeps '..' and '/'). */
async function tarOf(entries: string[], cwd: string): Promise<string> {
  const file = join(tempDir(), 'hostile.tar.gz');
  await create({ gzip: true, file, cwd, preservePaths: true }, entries);
  return file;
}

describe('archive write and read', () => {
  it('round-trips manifest, raw files byte for byte and analysis.json', async () => {
    const out = tempDir();
    const raw = Buffer.from('Linux web1 2.6.39-linode33 #5 SMP i686 GNU/Linux\n\u00e9\n');
    const { path, baseName } = await writeArchive(out, 'web1', { manifest: manifest(), outputs: new Map([['uname', raw]]), analysis: { schema: 'x' } });
    assert.equal(baseName, 'web1-20261126T010000Z');
    assert.equal(path, join(out, 'web1-20261126T010000Z.tar.gz'));
    assert.deepEqual(readdirSync(out), ['web1-20261126T010000Z.tar.gz']);
    const set = await readArchive(path);
    assert.equal(set.kind, 'archive');
    assert.equal(set.manifest?.hostname, 'web1');
    assert.equal(set.sources.get('uname')?.text, raw.toString('utf8'));
    assert.equal(set.sources.get('uname')?.origin, 'raw/uname.txt');
    assert.equal(set.sources.get('uname')?.probe?.via, 'primary');
  });

  it('gives two archives of one host name in one second names of their own, even written at once', async () => {
    const out = tempDir();
    const content = { manifest: manifest(), outputs: new Map([['uname', Buffer.from('x\n')]]), analysis: {} };
    const written = await Promise.all([1, 2, 3].map(() => writeArchive(out, '../web1', content)));
    assert.deepEqual(written.map((w) => w.baseName).sort(), ['web1-20261126T010000Z', 'web1-20261126T010000Z-2', 'web1-20261126T010000Z-3']);
    assert.deepEqual(readdirSync(out).sort(), written.map((w) => `${w.baseName}.tar.gz`).sort());
    const again = await writeArchive(out, 'web1', content);
    assert.equal(again.baseName, 'web1-20261126T010000Z-4');
  });

  it('removes the partial file when writing fails', async () => {
    const out = tempDir();
    await assert.rejects(writeArchive(out, 'x', { manifest: manifest(), outputs: new Map([['../evil', Buffer.from('x')]]), analysis: {} }));
    assert.deepEqual(readdirSync(out), []);
    // A failure after the temporary file is open (analysis that cannot be serialised).
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await assert.rejects(writeArchive(out, 'y', { manifest: manifest(), outputs: new Map([['uname', Buffer.from('x')]]), analysis: circular }), TypeError);
    assert.deepEqual(readdirSync(out), []);
  });

  it('refuses entries that climb out or are absolute', async () => {
    const base = tempDir();
    mkdirSync(join(base, 'snap', 'raw'), { recursive: true });
    writeFileSync(join(base, 'snap', 'raw', 'uname.txt'), 'x');
    writeFileSync(join(base, 'evil.txt'), 'x');
    const climbing = await tarOf(['snap/raw/uname.txt', 'snap/../evil.txt'], base);
    await assert.rejects(readArchive(climbing), (e) => e instanceof UsageError && /unsafe path/.test(e.message));
    const absolute = await tarOf([join(base, 'evil.txt')], base);
    await assert.rejects(readArchive(absolute), (e) => e instanceof UsageError && /unsafe path/.test(e.message));
  });

  it('refuses a file past the size cap', async () => {
    const base = tempDir();
    mkdirSync(join(base, 'snap', 'raw'), { recursive: true });
    writeFileSync(join(base, 'snap', 'raw', 'dmesg.txt'), Buffer.alloc(17 * 1024 * 1024));
    const big = await tarOf(['snap'], base);
    await assert.rejects(readArchive(big), (e) => e instanceof UsageError && /too large/.test(e.message));
  });

  it('reads an unpacked folder and skips symbolic links', async () => {
    const out = tempDir();
    const { path } = await writeArchive(out, 'web1', { manifest: manifest(), outputs: new Map([['uname', Buffer.from('Linux web1\n')]]), analysis: {} });
    const unpacked = tempDir();
    const { extract } = await import('tar');
    await extract({ file: path, cwd: unpacked });
    symlinkSync('/etc/passwd', join(unpacked, 'web1-20261126T010000Z', 'raw', 'free.txt'));
    for (const dir of [unpacked, join(unpacked, 'web1-20261126T010000Z')]) {
      const set = await readSnapshotFolder(dir);
      assert.equal(set.kind, 'folder');
      assert.deepEqual([...set.sources.keys()], ['uname']);
      assert.equal(set.manifest?.target, 'local');
    }
  });

  it('says what it expected of a folder that is not a snapshot', async () => {
    await assert.rejects(readSnapshotFolder(tempDir()), (e) => e instanceof UsageError && Boolean(e.expected));
  });
});
