// TarReader on archives written by GNU tar in its three formats: what it reads is what `tar -tv` lists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TarReader, type TarHeader } from '../../src/archive/tar-reader.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { sh } from './hostile-run.js';

const tempDir = tempDirs('hostsnap-tar-reader-');

// Names past ustar's 100-byte name field: GNU format writes an L (long name) or K (long link)
// entry first, pax an `x` header with path/linkpath, ustar splits the path into prefix/name.
const LONG_DIR = `top/${'d'.repeat(60)}/${'e'.repeat(60)}`;
const LONG_FILE = `${LONG_DIR}/${'f'.repeat(80)}.txt`;
const LONG_TARGET = `${'e'.repeat(60)}/${'f'.repeat(80)}.txt`;

/** A tree with a file of 3 blocks and some bytes, an empty file, a long name, links short and
 *  long (ustar cannot hold a link target past 100 bytes: `longLink` false leaves it out). */
function tree(longLink = true): string {
  const dir = tempDir();
  mkdirSync(join(dir, LONG_DIR), { recursive: true });
  writeFileSync(join(dir, 'top', 'three-blocks'), 'x'.repeat(3 * 512 + 17));
  writeFileSync(join(dir, 'top', 'empty'), '');
  writeFileSync(join(dir, LONG_FILE), 'long name\n');
  symlinkSync('three-blocks', join(dir, 'top', 'short-link'));
  if (longLink) symlinkSync(LONG_TARGET, join(dir, 'top', 'd'.repeat(60), 'long-link'));
  return dir;
}

/** Every entry's header and body, the tar written into the reader in `chunk`-byte pieces. */
async function read(tar: Buffer, chunk: number): Promise<Array<TarHeader & { body: string }>> {
  const entries: Array<TarHeader & { body: string }> = [];
  const reader = new TarReader((header) => {
    const parts: Buffer[] = [];
    const entry = { ...header, body: '' };
    entries.push(entry);
    return { data: (c) => parts.push(c), end: () => { entry.body = Buffer.concat(parts).toString('utf8'); } };
  }, () => undefined);
  for (let at = 0; at < tar.length; at += chunk) reader.feed(tar.subarray(at, at + chunk));
  reader.end();
  return entries;
}

/** What GNU tar itself lists: `type path [-> target]` per entry, in order. */
function listed(tarPath: string): string[] {
  const r = spawnSync('tar', ['-tvf', tarPath], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((line) => {
    const [mode, , size] = line.split(/\s+/);
    const name = line.replace(/^(\S+\s+){5}/, '');
    return `${mode[0]} ${size} ${name}`;
  });
}

const LETTER: Record<string, string> = { File: '-', OldFile: '-', Directory: 'd', SymbolicLink: 'l' };

describe('TarReader', () => {
  for (const format of ['gnu', 'pax', 'ustar']) {
    it(`reads GNU tar's ${format} format as tar -tv lists it, bodies whole, in any chunking`, async () => {
      const dir = tree(format !== 'ustar');
      sh(dir, `tar --format=${format} -cf x.tar top`);
      const tar = readFileSync(join(dir, 'x.tar'));
      const expected = listed(join(dir, 'x.tar'));
      for (const chunk of [1, 511, 512, 4096, tar.length]) {
        const entries = await read(tar, chunk);
        assert.deepEqual(entries.map((e) => `${LETTER[e.type]} ${e.size} ${e.path}${e.linkpath ? ` -> ${e.linkpath}` : ''}`), expected, `chunk ${chunk}`);
        assert.equal(entries.find((e) => e.path === 'top/three-blocks')?.body, 'x'.repeat(3 * 512 + 17));
        assert.equal(entries.find((e) => e.path === LONG_FILE)?.body, 'long name\n');
      }
    });
  }

  it('stops at the end block and never reads what follows it', async () => {
    const dir = tree();
    sh(dir, 'tar -cf x.tar top/empty && head -c 4096 /dev/urandom >> x.tar');
    const ends: number[] = [];
    const reader = new TarReader(() => null, () => ends.push(1));
    reader.feed(readFileSync(join(dir, 'x.tar')));
    reader.end();
    assert.equal(ends.length, 1);
  });

  it('refuses a header whose checksum does not match, and a stream cut inside an entry', async () => {
    const dir = tree();
    sh(dir, 'tar -cf x.tar top/three-blocks');
    const tar = readFileSync(join(dir, 'x.tar'));
    const spoiled = Buffer.from(tar);
    spoiled[10] ^= 0x01; // one bit of the name
    await assert.rejects(read(spoiled, 512), /checksum/);
    await assert.rejects(read(tar.subarray(0, 1024), 512), /truncated/);
  });

  it('refuses a pax header that declares more than 1 MiB, and a negative base-256 size, before reading on', async () => {
    const dir = tree();
    sh(dir, `tar --format=pax -cf x.tar ${LONG_FILE}`);
    const tar = readFileSync(join(dir, 'x.tar'));
    // GNU tar's first block here is the pax `x` header of the long name: its size field says 2 MiB.
    assert.equal(String.fromCharCode(tar[156]), 'x');
    await assert.rejects(read(withField(tar, 124, Buffer.from('00010000000\0')), 512), /ExtendedHeader entry of 2097152 bytes/);
    // GNU's base-256 form with its sign bit set (a negative size), in the same header.
    await assert.rejects(read(withField(tar, 124, Buffer.from([0xff, ...Array(11).fill(0xff)])), 512), /negative number/);
  });
});

/** The tar with one field of its first header replaced, and that header's checksum made right again. */
function withField(tar: Buffer, offset: number, value: Buffer): Buffer {
  const out = Buffer.from(tar);
  value.copy(out, offset);
  out.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += out[i];
  out.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return out;
}
