// nproc parser: coreutils nproc, glibc getconf and busybox nproc, captured on Debian 12.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { nproc } from '../../src/parsers/nproc.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/nproc', name), 'utf8');

for (const file of ['debian12-6.18-x86_64.txt', 'getconf-glibc-2.36-nprocessors-onln.txt', 'busybox-1.35.0.txt']) {
  test(`nproc reads ${file}`, () => {
    const result = nproc.run(fixture(file));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.facts.cpus, 2);
  });
}

test('nproc reads a count with CRLF', () => {
  const result = nproc.run('64\r\n');
  assert.ok(result.ok);
  assert.equal(result.facts.cpus, 64);
});

for (const [name, text] of [['empty', ''], ['zero', '0\n'], ['words', 'nproc: command not found\n'], ['two numbers', '2\n4\n']]) {
  test(`nproc: ${name} is unparsed with a reason`, () => {
    const result = nproc.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
