// ps parser: real fixtures against figures read from them by eye, plus formats without memory columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ps, type PsProcess } from '../../src/parsers/ps.js';
import { repoPath } from '../helpers/paths.js';

const read = (file: string): string => readFileSync(repoPath('test', 'fixtures', 'sources', 'ps', file), 'utf8');

const cases: Array<{ file: string; count: number; expect: Record<number, Partial<PsProcess>> }> = [
  // hostsnap's -eo columns (procps-ng 4.0.2): comm cut to 15 characters, args with spaces and parens.
  { file: 'procps-ng-4.0.2-ps-eo-hostsnap.txt', count: 61, expect: {
    2: { ppid: 0, user: 'root', stat: 'S', rssKb: 0, vszKb: 0, elapsed: '08:32', comm: 'kthreadd', command: '[kthreadd]' },
    4: { stat: 'I<', comm: 'kworker/R-rcu_g', command: '[kworker/R-rcu_gp]' },
    7985: { ppid: 2, stat: 'I', comm: 'kworker/0:2', command: '[kworker/0:2]' },
    10933: { ppid: 10932, rssKb: 1796, vszKb: 5900, cpuPct: 0, memPct: 0, elapsed: '00:00', comm: 'sleep', command: 'sleep 30' },
    10934: { rssKb: 1640, vszKb: 2592, comm: 'sh', command: 'sh -c sleep 31; : "arg with (parens) and spaces"' },
  } },
  { file: 'procps-ng-4.0.2-ps-u.txt', count: 61, expect: {
    2: { user: 'root', stat: 'S', command: '[kthreadd]', ppid: null, comm: null, elapsed: null },
    10934: { rssKb: 1640, vszKb: 2592, command: 'sh -c sleep 31; : "arg with (parens) and spaces"' },
  } },
  // ps aux of procps 3.2 (Ubuntu 5.10, 2005): commands cut at the terminal width.
  { file: 'procps-3.2-ubuntu-2005-ps-aux.txt', count: 83, expect: {
    1: { stat: 'S', rssKb: 528, vszKb: 1560, memPct: 0.1, command: 'init [2]' },
    2: { stat: 'SN', rssKb: 0, command: '[ksoftirqd/0]' },
    7419: { cpuPct: 3.2, memPct: 7.5, vszKb: 41840, rssKb: 38788, command: '/usr/X11R6/bin/' },
    8019: { user: 'gromph', stat: 'Sl', vszKb: 106820, rssKb: 37140 },
  } },
  // procps 2.0 (Linux 2.4.10 SMP, LKML 2001): SIZE where VSZ stands today (the virtual size in
  // kB), kernel threads in parentheses, two ksoftirqd at 74% CPU; the "." under the table is said.
  { file: 'procps-2.0-linux-2.4.10-ps-aux-size-lkml-2001.txt', count: 9, expect: {
    1: { user: 'root', stat: 'S', vszKb: 1224, rssKb: 512, cpuPct: 0, command: 'init [5]' },
    3: { stat: 'RW<', vszKb: 0, rssKb: 0, cpuPct: 74.2, command: '(ksoftirqd_CPU0)' },
    570: { vszKb: 38696, rssKb: 38184, memPct: 7.4, command: '/sbin/gated' },
  } },
  // procps-ng 3.3.10 (CentOS 7.7) and 3.3.12 (Ubuntu 18.04), ps axu.
  { file: 'jc-centos-7.7-ps-axu.out', count: 109, expect: {
    1: { stat: 'Ss', rssKb: 6676, vszKb: 128068, memPct: 0.1, command: '/usr/lib/systemd/systemd --switched-root --system --deserialize 22' },
    2: { command: '[kthreadd]', rssKb: 0 },
  } },
  { file: 'jc-ubuntu-18.04-ps-axu.out', count: 172, expect: {
    1: { rssKb: 9236, vszKb: 78148, memPct: 0.4, command: '/sbin/init auto automatic-ubiquity noprompt' },
    23933: { user: 'kbrazil', stat: 'R+', rssKb: 3732, command: 'ps axu' },
  } },
  // The incident's `ps axwwu | grep flush`: one aux row without its header.
  { file: 'incident-2011-web1-ps-axwwu-grep-flush.txt', count: 1, expect: {
    21658: { user: 'root', stat: 'S', rssKb: 0, vszKb: 0, command: '[flush-8:16]' },
  } },
  // busybox: OpenWrt with Linux 2.6.25 (2008) and busybox 1.19.4 default ps (no RSS column), 1.35 -o.
  { file: 'busybox-openwrt-2.6.25-ps.txt', count: 22, expect: {
    1: { user: 'root', stat: 'S', vszKb: 1956, rssKb: null, command: 'init' },
    2: { stat: 'SW<', vszKb: 0, command: '[kthreadd]' },
    597: { user: 'nobody', vszKb: 1272, command: '/usr/sbin/dnsmasq -K -D -y -Z -b -E -s lan -S /lan/ -' },
  } },
  { file: 'busybox-1.19.4-openwrt-docker-ps.txt', count: 2, expect: { 6: { stat: 'R', vszKb: 1248, rssKb: null, command: 'ps' } } },
  // The probe's busybox fallback, ps -o pid,ppid,user,stat,rss,vsz,comm,args (comm 16 wide here).
  { file: 'busybox-1.35.0-ps-o-hostsnap-fallback.txt', count: 5, expect: {
    3: { ppid: 1, user: 'root', stat: 'S', rssKb: 1624, vszKb: 2592, comm: 'sh', command: 'sh -c sleep 31; : "x y"', cpuPct: null, elapsed: null },
    6: { stat: 'R', comm: 'busybox', command: 'busybox ps -o pid,ppid,user,stat,rss,vsz,comm,args' },
  } },
  { file: 'busybox-1.35.0-ps-o-pid-user-vsz-stat-rss-args.txt', count: 3, expect: {
    2: { user: 'root', stat: 'S', vszKb: 5900, rssKb: 1776, command: 'sleep 30' },
  } },
];

for (const { file, count, expect } of cases) {
  test(`ps: ${file}`, () => {
    const outcome = ps.run(read(file));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    assert.equal(outcome.facts.processes.length, count);
    for (const [pid, figures] of Object.entries(expect)) {
      const found: PsProcess | undefined = outcome.facts.processes.find((p) => p.pid === Number(pid));
      assert.ok(found, `pid ${pid}`);
      for (const [key, value] of Object.entries(figures)) assert.equal(found[key as keyof PsProcess], value, `${pid}.${key}`);
    }
  });
}

test('ps: -ef and busybox without memory columns are read as process lists (rss, vsz null)', () => {
  const expect: Array<[string, number, number, Partial<PsProcess>]> = [
    ['jc-centos-7.7-ps-ef.out', 109, 1206, { ppid: 1, user: 'root', command: '/usr/sbin/sshd -D', rssKb: null, vszKb: null, stat: '' }],
    ['jc-ubuntu-18.04-ps-ef.out', 172, 2, { ppid: 0, command: '[kthreadd]', rssKb: null, vszKb: null }],
    ['busybox-1.35.0-ps.txt', 3, 2, { user: 'root', command: 'sleep 30', rssKb: null, vszKb: null, ppid: null }],
  ];
  for (const [file, count, pid, figures] of expect) {
    const outcome = ps.run(read(file));
    assert.ok(outcome.ok, file);
    assert.equal(outcome.facts.processes.length, count, file);
    const found = outcome.facts.processes.find((p) => p.pid === pid);
    assert.ok(found, `${file} pid ${pid}`);
    for (const [key, value] of Object.entries(figures)) assert.equal(found[key as keyof PsProcess], value, `${file} ${pid}.${key}`);
  }
});

test('ps: a line under the table that is no process (procps 2.0 paste) is said as unread', () => {
  const outcome = ps.run(read('procps-2.0-linux-2.4.10-ps-aux-size-lkml-2001.txt'));
  assert.ok(outcome.ok);
  assert.deepEqual(outcome.facts.unread.examples.map((e) => e.line), ['.']);
});

test('ps: this machine\'s procps-ng -o size beside vsz stays what it is (SIZE is VSZ only in the old u/l headers)', () => {
  // A live output of the real ps (this test process): SIZE (swap it would need) and VSZ differ.
  const text = execFileSync('ps', ['-o', 'pid,size,vsz,rss,args', '-p', String(process.pid)], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const [, row] = text.split('\n');
  const [, size, vsz] = row.trim().split(/\s+/).map(Number);
  assert.notEqual(size, vsz, text);
  const outcome = ps.run(text);
  assert.ok(outcome.ok);
  assert.equal(outcome.facts.processes[0].vszKb, vsz);
});

test('ps: garbage and empty text are unparsed, and the reason says what would make them readable', () => {
  for (const text of ['', '  \n']) assert.equal(ps.run(text).ok, false, text);
  for (const text of ['hello world\n', 'PID COMMAND\n']) {
    const outcome = ps.run(text);
    assert.equal(outcome.ok, false, text);
    assert.match(outcome.ok ? '' : outcome.reason, /paste/, text);
  }
});
