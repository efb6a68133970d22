// vmstat parser: each real fixture against figures read from it by eye, plus garbage and empty text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { vmstat, type VmstatSample } from '../../src/parsers/vmstat.js';
import { repoPath } from '../helpers/paths.js';

const read = (file: string): string => readFileSync(repoPath('test', 'fixtures', 'sources', 'vmstat', file), 'utf8');

const cases: Array<{ file: string; count: number; sample: number; expect: Partial<VmstatSample>; unitBytes?: number }> = [
  // procps 3.2 of the 2011 incident: no st column; second sample has 19% sy and 22% wa.
  { file: 'incident-2011-web1-vmstat-1-2.txt', count: 2, sample: 1, expect: {
    r: 3, b: 1, swpd: 144, free: 142816, buff: 3704, cache: 1186896, bi: 4188, bo: 10132, in: 3242, cs: 3242,
    us: 0, sy: 19, id: 59, wa: 22, st: null, inact: null, timestamp: null } },
  // procps 3.2.8 (CentOS 6), a trailing tab on every row.
  { file: 'procps-3.2.8-centos6-vmstat-1-3.txt', count: 3, sample: 0, expect: {
    free: 1041928, buff: 72100, cache: 570676, in: 11, cs: 7, id: 100, st: 0 } },
  { file: 'procps-3.2.8-centos6-vmstat-1-3-a.txt', count: 3, sample: 2, expect: {
    free: 1041912, inact: 410628, active: 309372, buff: null, cache: null, in: 20, id: 99 } },
  // procps-ng 3.3.10 (CentOS 7.7): plain, -w, -a, -a -w -t, -a -t 5 10.
  { file: 'jc-centos-7.7-vmstat.out', count: 1, sample: 0, expect: { r: 2, free: 2794468, buff: 2108, cache: 741208, cs: 57, st: 0 } },
  { file: 'jc-centos-7.7-vmstat-w.out', count: 1, sample: 0, expect: { free: 2794484, cache: 741208, id: 99 } },
  { file: 'jc-centos-7.7-vmstat-a.out', count: 1, sample: 0, expect: { inact: 295968, active: 312736, buff: null } },
  { file: 'jc-centos-7.7-vmstat-awt.out', count: 1, sample: 0, expect: { free: 2794864, active: 312724, timestamp: '2021-09-16 20:31:30' } },
  { file: 'jc-centos-7.7-vmstat-at-5-10.out', count: 4, sample: 3, expect: { in: 44, cs: 87, active: 312752, timestamp: '2021-09-16 20:33:28' } },
  { file: 'jc-generic-vmstat-extra-wide.out', count: 1, sample: 0, expect: { free: 2430264, buff: 1011084, cache: 22658240 } },
  // procps-ng 3.3.12 (Ubuntu 18.04): 37 samples, the header printed again mid-output.
  { file: 'jc-ubuntu-18.04-vmstat-1-long.out', count: 37, sample: 0, expect: { swpd: 524, free: 763388, bi: 288, cs: 2509 } },
  // procps-ng 4.0.2 (Debian 12): 25 samples with the header again before the 22nd.
  { file: 'procps-ng-4.0.2-vmstat-1-25.txt', count: 25, sample: 24, expect: { r: 1, bi: 588, in: 415, cs: 469, us: 10, sy: 18, id: 71 } },
  { file: 'procps-ng-4.0.2-vmstat-1-3.txt', count: 3, sample: 2, expect: { r: 1, free: 24153492, bi: 528, sy: 32, id: 49 } },
  // -S k (1000 bytes) and -S M (2^20 bytes), the unit read from the sh -x trace line; -w -t -a with "gu".
  { file: 'procps-ng-4.0.2-vmstat-S-k-1-2-sh-x.txt', count: 2, unitBytes: 1000, sample: 0, expect: {
    free: Math.round((24639820 * 1000) / 1024), buff: Math.round((4292 * 1000) / 1024), cache: Math.round((381771 * 1000) / 1024), bo: 51603 } },
  // -S m (10^6 bytes) of procps-ng 3.3 under a "shell: vmstat -S m  1 3" line (blog post, 2016).
  { file: 'procps-ng-3.3-vmstat-S-m-1-3-blog-2016.txt', count: 3, unitBytes: 1000 ** 2, sample: 2, expect: {
    free: Math.round((312 * 1000 ** 2) / 1024), buff: Math.round((323 * 1000 ** 2) / 1024), cache: Math.round((14996 * 1000 ** 2) / 1024), cs: 2324 } },
  // procps 2.0 (Linux 2.4.10, LKML 2001): the "w" column, no wa, a dashless group line printed
  // again mid-output; 38 samples, the last with 7 blocked and 2 swapped out, 2120 kB/s swapped in.
  { file: 'procps-2.0-linux-2.4.10-vmstat-1-lkml-2001.txt', count: 38, sample: 37, expect: {
    r: 0, b: 7, w: 2, swpd: 21472, free: 156856, buff: 480, cache: 13288, si: 2120, so: 0, bi: 3316, in: 951, cs: 238,
    us: 1, sy: 6, id: 93, wa: null, st: null } },
  { file: 'procps-2.0-linux-2.4.10-vmstat-1-lkml-2001.txt', count: 38, sample: 0, expect: { w: 0, swpd: 34924, si: 5, so: 43 } },
  { file: 'procps-ng-4.0.2-vmstat-w-t-a-S-M-1-3-sh-x.txt', count: 3, unitBytes: 1024 * 1024, sample: 1, expect: {
    free: 23282 * 1024, inact: 316 * 1024, active: 190 * 1024, in: 455, us: 32, gu: 0, timestamp: '2026-11-26 01:53:53' } },
];

for (const { file, count, sample, expect, unitBytes } of cases) {
  test(`vmstat: ${file}`, () => {
    const outcome = vmstat.run(read(file));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    assert.equal(outcome.facts.samples.length, count);
    if (unitBytes) assert.equal(outcome.facts.unitBytes, unitBytes);
    for (const [key, value] of Object.entries(expect)) {
      assert.equal(outcome.facts.samples[sample][key as keyof VmstatSample], value, key);
    }
  });
}

test('vmstat: the dashless procps 2.0 group line printed mid-output is no unread row', () => {
  const outcome = vmstat.run(read('procps-2.0-linux-2.4.10-vmstat-1-lkml-2001.txt'));
  assert.ok(outcome.ok);
  assert.equal(outcome.facts.unread.count, 0);
  assert.equal(outcome.facts.samples[20].w, 1);
});

test('vmstat: a paste whose lines mail wrapped (header cut before id) is unparsed with the reason, no row guessed', () => {
  const outcome = vmstat.run(read('procps-2.0-linux-2.4.6-vmstat-10-mail-wrapped-lkml-2001.txt'));
  assert.equal(outcome.ok, false);
  assert.match(outcome.ok ? '' : outcome.reason, /lacks id .*wrapped/);
});

test('vmstat: other vmstat reports, garbage and empty text are unparsed', () => {
  // vmstat -d (disk report) of procps-ng 3.3.10: real output, not the memory report.
  const disk = readFileSync(repoPath('test', 'fixtures', 'other', 'jc-centos-7.7-vmstat-d.out'), 'utf8');
  for (const text of ['', '\n\n', disk, 'procs ---memory---\n r b swpd free\n', 'r b swpd free buff cache\nx y z\n']) {
    assert.equal(vmstat.run(text).ok, false, text.slice(0, 40));
  }
});
