// memcg parser: real cgroup v1 captures (root and nobody), a public v2 dump, /proc/cgroups, a cut read, hostile names.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { memcg } from '../../src/parsers/memcg.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/memcg', name), 'utf8');

/** The capture's own figures for a path, read with a regex of the test's own (not the parser's). */
function rawFigures(text: string, dir: string): { limit: number; usage: number } {
  const get = (file: string): number => Number(new RegExp(`^${dir}/memory\\.${file}:(\\d+)$`, 'm').exec(text)![1]);
  return { limit: get('limit_in_bytes'), usage: get('usage_in_bytes') };
}

for (const file of ['v1-6.18-limited.txt', 'v1-6.18-nobody.txt']) {
  test(`memcg reads ${file}: the one limited cgroup, every other one unlimited`, () => {
    const text = fixture(file);
    const result = memcg.run(text);
    assert.ok(result.ok, JSON.stringify(result));
    const { limit, usage } = rawFigures(text, '/sys/fs/cgroup/memory/hostsnap-fix-29966');
    assert.equal(result.facts.version, 1);
    assert.equal(result.facts.controller, null);
    // Every usage line is one cgroup (the root included).
    assert.equal(result.facts.groups, text.split('\n').filter((l) => /usage_in_bytes:/.test(l)).length);
    assert.deepEqual(result.facts.limited, [
      { path: '/hostsnap-fix-29966', usageKb: usage / 1024, limitKb: limit / 1024, headroomKb: (limit - usage) / 1024 },
    ]);
    assert.equal(limit, 256 * 1024 * 1024);
  });
}

test('memcg reads a real cgroup v2 dump: memory.max "max" is no limit, memory.swap.max and zswap are not memory.max', () => {
  const text = fixture('v2-6.7-grep-r-one-cgroup.txt');
  const result = memcg.run(text);
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.facts, { version: 2, controller: null, groups: 1, limited: [] });
  // The same cgroup with a limit (the line rewritten in the test, the file untouched): read as one.
  const limitedText = text.replace(/^(.*\/memory\.max:)max$/m, '$12147483648').replace(/^(.*\/memory\.current:)0$/m, '$11048576');
  const limited = memcg.run(limitedText);
  assert.ok(limited.ok);
  assert.deepEqual(limited.facts.limited, [{ path: '/memoryusageanalyzer', usageKb: 1024, limitKb: 2097152, headroomKb: 2096128 }]);
});

test('memcg reads /proc/cgroups (the way of a host with no memory cgroup files)', () => {
  const result = memcg.run(fixture('proc-cgroups-6.18.txt'));
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.facts, { version: null, controller: 'enabled', groups: 0, limited: [] });
  const disabled = fixture('proc-cgroups-6.18.txt').replace(/^memory\t(\d+)\t(\d+)\t1$/m, 'memory\t$1\t$2\t0');
  assert.equal((memcg.run(disabled) as { facts: { controller: string } }).facts.controller, 'disabled');
  const absent = fixture('proc-cgroups-6.18.txt').replace(/^memory\t.*\n/m, '');
  assert.equal((memcg.run(absent) as { facts: { controller: string } }).facts.controller, 'absent');
});

test('memcg drops the last line of a capped read: a cut figure is not a figure', () => {
  const text = fixture('v1-6.18-limited.txt');
  const at = text.indexOf('hostsnap-fix-29966/memory.limit_in_bytes:') + 'hostsnap-fix-29966/memory.limit_in_bytes:'.length + 3;
  const cut = memcg.run(text.slice(0, at));
  assert.ok(cut.ok);
  // The limit line was cut after 3 digits ("268"): that line is dropped, not read as a 268-byte limit.
  assert.deepEqual(cut.facts.limited, []);
  assert.equal(cut.facts.groups, text.slice(0, at).split('\n').filter((l) => /usage_in_bytes:\d+$/.test(l)).length);
});

test('memcg keeps a cgroup name with ":" whole, ignores forged and foreign lines, and never throws', () => {
  const text = fixture('v1-6.18-limited.txt').replaceAll('hostsnap-fix-29966', 'a:b:42');
  const result = memcg.run(text);
  assert.ok(result.ok);
  assert.equal(result.facts.limited[0].path, '/a:b:42');
  for (const junk of ['/etc/passwd:root:x:0:0', '/sys/fs/cgroup/memory/x/memory.limit_in_bytes:-5\n', 'binary\u0000\u00ff', '/sys/fs/cgroup/memory/memory.usage_in_bytes:1e400\n']) {
    const r = memcg.run(junk);
    assert.equal(r.ok, false, junk);
  }
});
