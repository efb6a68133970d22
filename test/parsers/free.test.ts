// free parser: each real fixture against figures read from it by eye, plus garbage and empty text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { free, type FreeFacts } from '../../src/parsers/free.js';
import { repoPath } from '../helpers/paths.js';

const read = (file: string): string => readFileSync(repoPath('test', 'fixtures', 'sources', 'free', file), 'utf8');
const MB = 1024;
const GB = 1024 * 1024;

const cases: Array<{ file: string; expect: Partial<FreeFacts> }> = [
  // procps 3.2, `free -m`, the 2011 incident: 2003 MB total, 703 MB used without buffers/cache.
  { file: 'incident-2011-web1-free-m.txt', expect: {
    format: 'procps', usedMeans: 'total-free', unit: 'M', unitFrom: 'command', memTotalKb: 2003 * MB, memUsedKb: 1866 * MB,
    memFreeKb: 137 * MB, sharedKb: 0, buffersKb: 3 * MB, cachedKb: 1159 * MB, buffCacheKb: null,
    buffersAndCacheKb: 1162 * MB, availableKb: null,
    usedMinusBuffCacheKb: 703 * MB, freePlusBuffCacheKb: 1300 * MB, swapTotalKb: 511 * MB, swapUsedKb: 0, swapFreeKb: 511 * MB } },
  // procps 3.2.8 (CentOS 6), kB and -m; procps 3.2 of Ubuntu 5.10 behind a "user@host:~$ free" prompt.
  { file: 'procps-3.2.8-centos6-free.txt', expect: {
    format: 'procps', unit: 'K', memTotalKb: 1922088, memUsedKb: 880052, sharedKb: 204, buffersKb: 72068, cachedKb: 570672,
    usedMinusBuffCacheKb: 237312, freePlusBuffCacheKb: 1684776, swapTotalKb: 4128764 } },
  { file: 'procps-3.2.8-centos6-free-m.txt', expect: {
    unit: 'M', memTotalKb: 1877 * MB, buffersKb: 70 * MB, usedMinusBuffCacheKb: 231 * MB, freePlusBuffCacheKb: 1645 * MB, swapFreeKb: 4031 * MB } },
  { file: 'procps-3.2-ubuntu-2005-free.txt', expect: {
    format: 'procps', memTotalKb: 515792, memFreeKb: 14420, cachedKb: 240360, usedMinusBuffCacheKb: 206228, swapTotalKb: 401616 } },
  // procps-ng before 3.3.10: -h exists and the -/+ buffers/cache line is still printed ("free -h " line above).
  { file: 'procps-ng-3.3-pre-3.3.10-free-h-blog-2016.txt', expect: {
    format: 'procps', unitFrom: 'suffix', memTotalKb: 4 * GB, memUsedKb: Math.round(2.6 * GB), sharedKb: 5 * MB, buffersKb: 0,
    cachedKb: 426 * MB, usedMinusBuffCacheKb: Math.round(2.2 * GB), freePlusBuffCacheKb: Math.round(1.8 * GB), swapUsedKb: 766 * MB } },
  // procps-ng 3.3.10 (CentOS 7.7), plain kB.
  { file: 'jc-centos-7.7-free.out', expect: {
    format: 'procps-ng', usedMeans: 'total-free-buffcache', unitFrom: 'assumed', memTotalKb: 3861332, memUsedKb: 222820, memFreeKb: 3364176, sharedKb: 11832,
    buffCacheKb: 274336, availableKb: 3389588, usedMinusBuffCacheKb: null, swapTotalKb: 2097148, swapUsedKb: 0 } },
  // procps-ng 3.3.12 (Ubuntu 18.04).
  { file: 'jc-ubuntu-18.04-free.out', expect: {
    memTotalKb: 2017300, buffCacheKb: 1296332, availableKb: 1585920, swapUsedKb: 268, swapFreeKb: 2096880 } },
  // -w: buffers and cache apart, their sum is derived.
  { file: 'jc-centos-7.7-free-w.out', expect: {
    buffersKb: 61596, cachedKb: 898640, buffCacheKb: null, buffersAndCacheKb: 61596 + 898640, availableKb: 6483996 } },
  // -h of procps-ng 3.3.10: "3.7G", "217M", "0B" (binary powers, precision as printed).
  { file: 'jc-centos-7.7-free-h.out', expect: {
    unitFrom: 'suffix', memTotalKb: Math.round(3.7 * GB), memUsedKb: 217 * MB, sharedKb: 11 * MB, swapUsedKb: 0, swapTotalKb: 2 * GB } },
  { file: 'jc-ubuntu-18.04-free-h.out', expect: { memFreeKb: 466 * MB, sharedKb: Math.round(1.2 * MB), swapUsedKb: 268 } },
  // procps-ng 4.0.2 (Debian 12).
  { file: 'procps-ng-4.0.2-free.txt', expect: {
    format: 'procps-ng', usedMeans: 'total-available', memTotalKb: 24683620, memUsedKb: 464052, availableKb: 24219568, swapTotalKb: 0 } },
  // -m -w -h -l: -h wins ("23Gi", "8.7Mi"), Low/High lines of -l.
  { file: 'procps-ng-4.0.2-free-m-w-h-l.txt', expect: {
    unitFrom: 'suffix', memTotalKb: 23 * GB, memUsedKb: 453 * MB, sharedKb: Math.round(8.7 * MB), buffersKb: 10 * MB,
    cachedKb: 356 * MB, lowTotalKb: 23 * GB, lowFreeKb: 22 * GB, highTotalKb: 0, highFreeKb: 0 } },
  // procps-ng 4.0.2 free -l reading a recorded 2006 i686 /proc/meminfo (bind-mounted): real Low/High split.
  { file: 'procps-ng-4.0.2-free-l-sh-x-replay-i686-meminfo-2006.txt', expect: {
    memTotalKb: 2066592, memUsedKb: 1848040, memFreeKb: 218552, buffCacheKb: 1601104, availableKb: 218552,
    lowTotalKb: 896648, lowUsedKb: 679120, lowFreeKb: 217528, highTotalKb: 1169944, highUsedKb: 1168920, highFreeKb: 1024, swapUsedKb: 12532 } },
  { file: 'procps-ng-4.0.2-free-l-m-sh-x-replay-i686-meminfo-2006.txt', expect: {
    unit: 'M', memTotalKb: 2018 * MB, lowTotalKb: 875 * MB, lowFreeKb: 212 * MB, highTotalKb: 1142 * MB, highFreeKb: 1 * MB } },
  // free -lm of procps-ng 3.3.12+ (64-bit: Low is all of memory, High is empty).
  { file: 'procps-ng-3.3.12plus-free-lm-notes.txt', expect: {
    unit: 'M', unitFrom: 'command', memTotalKb: 31704 * MB, buffCacheKb: 5263 * MB, availableKb: 23472 * MB,
    lowTotalKb: 31704 * MB, lowFreeKb: 19689 * MB, highTotalKb: 0, highFreeKb: 0, swapTotalKb: 65535 * MB } },
  { file: 'procps-ng-4.0.2-free-w-l.txt', expect: {
    buffersKb: 10332, cachedKb: 365220, lowTotalKb: 24683620, lowFreeKb: 24105356, highTotalKb: 0 } },
  // -t: a Total: line (RAM + swap) that is not busybox's.
  { file: 'procps-ng-4.0.2-free-t-sh-x.txt', expect: {
    format: 'procps-ng', memTotalKb: 24683620, memUsedKb: 1938644, availableKb: 22744976,
    totalTotalKb: 24683620, totalUsedKb: 1938644, totalFreeKb: 21938836 } },
  // -b and -g, known from the sh -x trace line.
  { file: 'procps-ng-4.0.2-free-b-sh-x.txt', expect: {
    unit: 'B', unitFrom: 'command', memTotalKb: 25276026880 / 1024, memUsedKb: 744726528 / 1024, sharedKb: 9166848 / 1024 } },
  { file: 'procps-ng-4.0.2-free-g-sh-x.txt', expect: { unit: 'G', memTotalKb: 23 * GB, memFreeKb: 22 * GB, memUsedKb: 0 } },
  // Old busybox (OpenWrt, Linux 2.6.25): "total used free shared buffers" and a Total: line.
  { file: 'busybox-openwrt-2.6.25-free.txt', expect: {
    format: 'busybox', usedMeans: 'total-free', totalTotalKb: 62336, totalFreeKb: 54116, memTotalKb: 62336, memUsedKb: 8220, memFreeKb: 54116, sharedKb: 0, buffersKb: 944, cachedKb: null,
    buffCacheKb: null, buffersAndCacheKb: null, availableKb: null, swapTotalKb: 0 } },
  // busybox 1.35 prints procps-ng's layout.
  { file: 'busybox-1.35.0-free.txt', expect: { usedMeans: 'total-free-buffcache', memTotalKb: 24683620, memUsedKb: 202712, buffCacheKb: 375552 } },
  { file: 'busybox-1.35.0-free-m-sh-x.txt', expect: { unit: 'M', memTotalKb: 24105 * MB, memUsedKb: 372 * MB, availableKb: 23477 * MB } },
];

for (const { file, expect } of cases) {
  test(`free: ${file}`, () => {
    const outcome = free.run(read(file));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    for (const [key, value] of Object.entries(expect)) {
      assert.equal(outcome.facts[key as keyof FreeFacts], value, key);
    }
  });
}

test('free: procps 2.0 wrapped by mail (the cached column and its figure on lines of their own) is partly read, never misread', () => {
  const outcome = free.run(read('procps-2.0-linux-2.3.99-free-mail-wrapped-linux-mm-2000.txt'));
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  const f = outcome.facts;
  // What the lines still hold is read; the -/+ line says it is procps, whatever the header lost.
  assert.equal(f.format, 'procps');
  assert.deepEqual([f.memTotalKb, f.memUsedKb, f.memFreeKb, f.buffersKb, f.cachedKb], [62780, 61360, 1420, 412, null]);
  assert.deepEqual([f.usedMinusBuffCacheKb, f.freePlusBuffCacheKb, f.swapUsedKb], [16144, 46636, 38456]);
  assert.equal(f.usedMeans, 'total-free');
  // The two orphan lines are said, with the reason, so the source is "partly read".
  assert.deepEqual(f.unread.examples.map((e) => e.line), ['cached', '44804']);
});

test('free: figures past a header cut short are said, not dropped (the real 4.0.2 output, its header lacking "available")', () => {
  const text = read('procps-ng-4.0.2-free.txt').replace(/\s+available$/m, '');
  const outcome = free.run(text);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  assert.equal(outcome.facts.availableKb, null);
  assert.deepEqual(outcome.facts.unread.examples.map((e) => e.reason), ["1 figure(s) past the header's last column (buff/cache)"]);
});

test('free: garbage, empty text and unit-less small figures are unparsed', () => {
  for (const text of ['', '   \n', 'hello world\nfoo: 1 2 3', 'total used free\nSwap: 1 2 3']) {
    assert.equal(free.run(text).ok, false, JSON.stringify(text));
  }
  // The incident's table without its "# free -m" line: 2003 cannot be kB, and nothing says MB.
  const outcome = free.run(read('incident-2011-web1-free-m.txt').split('\n').slice(1).join('\n'));
  assert.equal(outcome.ok, false);
  assert.match(outcome.ok ? '' : outcome.reason, /too small to be kB/);
});
