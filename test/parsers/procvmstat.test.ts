// /proc/vmstat parser: real fixtures against counters read from them by eye, plus garbage and empty text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { procvmstat } from '../../src/parsers/procvmstat.js';
import { repoPath } from '../helpers/paths.js';

const read = (file: string): string => readFileSync(repoPath('test', 'fixtures', 'sources', 'proc-vmstat', file), 'utf8');

const cases = [
  // Linux 2.6.8/2.6.9-rc i686 (LKML 2004): no nr_free_pages yet, nr_slab in pages, allocstall.
  { file: 'linux-2.6.8-i686-lkml-2004-proc-vmstat.txt', count: 37, expect: { nr_slab: 559846, pgalloc_high: 0, allocstall: 4830, pgrotated: 446422, nr_free_pages: undefined } },
  { file: 'jc-linux-proc-vmstat', count: 147, expect: { nr_free_pages: 615337, pgpgin: 625466, pgscan_kswapd: 0, oom_kill: 0 } },
  { file: 'linux-6.18.44-proc-vmstat.txt', count: 192, expect: { nr_free_pages: 1252824, pgpgin: 1111305, oom_kill: 1 } },
];

for (const { file, count, expect } of cases) {
  test(`procvmstat: ${file}`, () => {
    const outcome = procvmstat.run(read(file));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    assert.equal(Object.keys(outcome.facts.counters).length, count);
    for (const [name, value] of Object.entries(expect)) assert.equal(outcome.facts.counters[name], value, name);
  });
}

test('procvmstat: vmstat output, garbage and empty text are unparsed; __proto__ stays data', () => {
  const vmstatOutput = readFileSync(repoPath('test', 'fixtures', 'sources', 'vmstat', 'procps-ng-4.0.2-vmstat-1-3.txt'), 'utf8');
  for (const text of ['', ' \n', vmstatOutput, 'hello world\nfoo bar baz\n']) assert.equal(procvmstat.run(text).ok, false);
  const outcome = procvmstat.run('__proto__ 5\nnr_free_pages 7\n');
  assert.ok(outcome.ok);
  assert.equal(outcome.facts.counters.nr_free_pages, 7);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
