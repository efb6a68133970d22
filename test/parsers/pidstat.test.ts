// pidstat parser: real fixtures of sysstat 9 to 12 and of hostsnap's /proc fallback, figures read by eye.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pidstat, type PidstatFacts, type PidstatRow } from '../../src/parsers/pidstat.js';
import { repoPath } from '../helpers/paths.js';

const read = (file: string): string => readFileSync(repoPath('test', 'fixtures', 'sources', 'pidstat', file), 'utf8');

function facts(file: string): PidstatFacts {
  const outcome = pidstat.run(read(file));
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return outcome.facts;
}

/** The one row of `rows` with this time and pid (time 'Average' looks in the averages). */
function row(f: PidstatFacts, time: string, pid: number): PidstatRow {
  const list = time === 'Average' ? f.averages : f.rows;
  const found = list.filter((r) => r.time === time && r.pid === pid);
  assert.equal(found.length, 1, `one row for ${time} pid ${pid}`);
  return found[0];
}

interface Case {
  file: string; rows: number; averages: number; header: PidstatFacts['header'];
  expect: Array<{ time: string; pid: number; command?: string; uid?: number | null; user?: string | null; clock?: string | null;
    values: Record<string, number | undefined> }>;
}

const cases: Case[] = [
  // sysstat 9 (2011 incident): -dru interleaved, merged per (time, pid); no UID, "%user", no "(N CPU)".
  { file: 'incident-2011-web1-pidstat-dru-1-3.txt', rows: 18, averages: 9,
    header: { kernel: '2.6.39-linode33', host: 'web1', date: '09/10/11', day: '2011-09-10', arch: 'i686', cpus: null },
    expect: [
      { time: '01:07:16', pid: 9871, command: 'flush-0:17', uid: null, clock: '01:07:16', values: { '%user': 0, '%system': 100, '%CPU': 100, CPU: 1 } },
      { time: '01:07:16', pid: 13082, command: 'apache2', values: {
        '%system': 1.96, '%CPU': 1.96, 'minflt/s': 1.96, 'majflt/s': 0.98, VSZ: 62872, RSS: 29720, '%MEM': 1.45,
        'kB_rd/s': 78.43, 'kB_wr/s': 7.84, 'kB_ccwr/s': 0 } },
      { time: '01:07:17', pid: 19944, command: 'kworker/0:2', values: { '%CPU': 0.99, CPU: 0 } },
      { time: '01:07:18', pid: 15100, command: 'rm', values: { '%CPU': 28.28, 'kB_rd/s': 4230.3, RSS: undefined } },
      { time: 'Average', pid: 9871, command: 'flush-0:17', clock: null, values: { '%CPU': 100, '%system': 100, CPU: undefined } },
      { time: 'Average', pid: 15100, command: 'rm', values: { '%CPU': 17.55, 'kB_rd/s': 3256.95 } },
      { time: 'Average', pid: 15232, values: { '%user': 5.96, 'minflt/s': 99.67, VSZ: 62927, RSS: 12456, 'kB_wr/s': 2.65 } },
    ] },
  // sysstat 7 (Ubuntu 8.04, 2009): "pidstat 1", PM times, "%user", no banner (the paste starts at a header);
  // the third sample comes 2 minutes late (the machine froze), with every apache2.
  { file: 'sysstat-7-ubuntu-8.04-pidstat-1-forum-2009.txt', rows: 126, averages: 0, header: null,
    expect: [
      { time: '05:09:01 PM', pid: 7327, command: 'apache2', clock: '17:09:01', values: { '%user': 22, '%system': 35, '%CPU': 57, CPU: 14 } },
      { time: '05:09:02 PM', pid: 52, command: 'events/1', values: { '%system': 0.99 } },
      { time: '05:11:15 PM', pid: 7077, command: 'kipmi0', clock: '17:11:15', values: { '%system': 0.04, CPU: 7 } },
    ] },
  // sysstat 10.1.5 (CentOS 7.7): 12-hour clock, UID column, no %wait.
  { file: 'jc-centos-7.7-pidstat.out', rows: 41, averages: 0,
    header: { kernel: '3.10.0-1062.1.2.el7.x86_64', host: 'localhost', date: '03/09/2022', day: '2022-03-09', arch: 'x86_64', cpus: 1 },
    expect: [
      { time: '12:06:39 PM', pid: 1, command: 'systemd', uid: 0, clock: '12:06:39', values: { '%usr': 0, '%system': 0.05, '%CPU': 0.05, '%wait': undefined } },
      { time: '12:06:39 PM', pid: 357, command: 'irq/16-vmwgfx', values: { '%CPU': 0 } },
    ] },
  // -h -l: epoch times, whole command lines with spaces.
  { file: 'jc-centos-7.7-pidstat-hl.out', rows: 43, averages: 0,
    header: { kernel: '3.10.0-1062.1.2.el7.x86_64', host: 'localhost', date: '03/09/2022', day: null, arch: 'x86_64', cpus: 1 },
    expect: [
      { time: '1646859134', pid: 1876, uid: 1000, clock: null, command: 'sshd: kbrazil@pts/0', values: { '%CPU': 0 } },
      { time: '1646859134', pid: 2240, uid: 89, command: 'pickup -l -t unix -u', values: { CPU: 0 } },
    ] },
  // -h with -d -l -r -s -u -w, 5 samples: -1.00 for kB_rd/s means "no /proc/PID/io" and is left out.
  { file: 'jc-centos-7.7-pidstat-hdlrsuw-2-5.out', rows: 36, averages: 0,
    header: { kernel: '3.10.0-1062.1.2.el7.x86_64', host: 'localhost', date: '03/09/2022', day: null, arch: 'x86_64', cpus: 1 },
    expect: [
      { time: '1646859221', pid: 356, command: 'kworker/u256:4', values: { 'cswch/s': 0.99, 'kB_rd/s': undefined, 'kB_wr/s': undefined } },
      { time: '1646859221', pid: 2297, uid: 1000, command: 'pidstat -dlrsuwh 2 5', values: {
        '%system': 0.5, 'minflt/s': 74.75, VSZ: 108296, RSS: 1072, '%MEM': 0.03, StkSize: 132, 'kB_rd/s': 0, 'nvcswch/s': 0.5 } },
    ] },
  { file: 'jc-centos-7.7-pidstat-hdlrsuw.out', rows: 79, averages: 0,
    header: { kernel: '3.10.0-1062.1.2.el7.x86_64', host: 'localhost', date: '03/09/2022', day: null, arch: 'x86_64', cpus: 1 },
    expect: [{ time: '1646857494', pid: 9, command: 'rcu_sched', values: { '%system': 0.01, 'cswch/s': 4.93, 'kB_ccwr/s': undefined } }] },
  // sysstat 11.7 (RHEL 8.8): two -h reports for the same time and pid, merged into one row.
  { file: 'jc-generic-pidstat-ht.out', rows: 1, averages: 0,
    header: { kernel: '4.18.0-477.10.1.el8_8.x86_64', host: 'localhost.localdomain', date: '08/20/2023', day: '2023-08-20', arch: 'x86_64', cpus: 1 },
    expect: [{ time: '1692579199', pid: 1, command: 'systemd', values: { '%wait': 0.08, '%CPU': 0.08, 'usr-ms': 2890, 'system-ms': 4260 } }] },
  // sysstat 11.6.1 (sysstat issue #266): -1.00 means no /proc/PID/io; iodelay is kept.
  { file: 'sysstat-11.6.1-pidstat-d-1-1-issue-266.txt', rows: 1, averages: 1,
    header: { kernel: '5.3.0-40-generic', host: 'XXX', date: '2020:07:27', day: '2020-07-27', arch: 'x86_64', cpus: 64 },
    expect: [
      { time: '10:28:53', pid: 1510, command: 'mount.ntfs', values: { 'kB_rd/s': undefined, 'kB_wr/s': undefined, iodelay: 1 } },
      { time: 'Average', pid: 1510, values: { 'kB_ccwr/s': undefined, iodelay: 1 } },
    ] },
  // A zh_CN LC_TIME: the time is one field, "19时06分04秒", read as the clock 19:06:04.
  { file: 'sysstat-10-el7-pidstat-r-p-zh_CN-issue.txt', rows: 1, averages: 0,
    header: { kernel: '3.10.0-957.1.3.el7.x86_64', host: '10-23-220-95', date: '2019年11月11日', day: '2019-11-11', arch: 'x86_64', cpus: 4 },
    expect: [{ time: '19时06分04秒', pid: 979, clock: '19:06:04', command: 'exchange', values: { VSZ: 1970456, RSS: 1719552, '%MEM': 21.47 } }] },
  // sysstat 12.6.1 (Debian 12), C locale: 24-hour clock, %wait, iodelay; -dru merged.
  { file: 'sysstat-12.6.1-pidstat-dru-1-2.txt', rows: 13, averages: 10,
    header: { kernel: '6.18.44-fc-v782', host: 'vm', date: '11/26/26', day: '2026-11-26', arch: 'x86_64', cpus: 2 },
    expect: [
      { time: '01:51:04', pid: 9297, command: 'bash', uid: 0, values: { '%system': 1.98, CPU: 0, 'minflt/s': 499.01, RSS: 1760, 'kB_wr/s': 778645.54, iodelay: 0 } },
      { time: '01:51:05', pid: 7995, command: 'memfd:sealed-91', values: { '%CPU': 1, 'minflt/s': 9, VSZ: 5544, 'kB_wr/s': 8 } },
      { time: '01:51:04', pid: 33, command: 'kworker/u8:1-ext4-rsv-conversion', values: { '%wait': 0, '%CPU': 0.99 } },
    ] },
  // The same under LC_TIME=en_US.UTF-8: "01:51:08 AM", a four-digit year in the banner.
  { file: 'sysstat-12.6.1-pidstat-dru-1-2-en_US.txt', rows: 14, averages: 10,
    header: { kernel: '6.18.44-fc-v782', host: 'vm', date: '11/26/2026', day: '2026-11-26', arch: 'x86_64', cpus: 2 },
    expect: [
      { time: '01:51:09 AM', pid: 9297, clock: '01:51:09', command: 'bash', values: { '%system': 2, CPU: 1, 'minflt/s': 405, RSS: 1760, 'kB_wr/s': 589824 } },
      { time: '01:51:08 AM', pid: 33, command: 'kworker/u8:1-writeback', values: { '%system': 0.99 } },
      { time: 'Average', pid: 9297, values: { '%CPU': 1.49, 'minflt/s': 447.76, 'kB_wr/s': 652099.5, CPU: undefined } },
      { time: 'Average', pid: 33, command: 'kworker/u8:1-ext4-rsv-conversion', values: { '%wait': 0.5 } },
    ] },
  // -h -dru: every column on one line.
  { file: 'sysstat-12.6.1-pidstat-h-dru-1-2.txt', rows: 13, averages: 0,
    header: { kernel: '6.18.44-fc-v782', host: 'vm', date: '11/26/26', day: '2026-11-26', arch: 'x86_64', cpus: 2 },
    expect: [
      { time: '01:51:07', pid: 9297, command: 'bash', values: { '%usr': 1, '%CPU': 2, 'minflt/s': 495, RSS: 1760, 'kB_wr/s': 720896, iodelay: 0 } },
    ] },
  // -U -l: USER names instead of UIDs, a command line with spaces and shell syntax.
  { file: 'sysstat-12.6.1-pidstat-U-l-ur-1-2.txt', rows: 2, averages: 1,
    header: { kernel: '6.18.44-fc-v782', host: 'vm', date: '11/26/26', day: '2026-11-26', arch: 'x86_64', cpus: 2 },
    expect: [
      { time: '01:51:41', pid: 10054, user: 'root', uid: null, command: 'sh -c i=0; while [ $i -lt 20000000 ]; do i=$((i+1)); done',
        values: { '%usr': 61.39, '%wait': 37.62, VSZ: 2592, RSS: 1456 } },
      { time: 'Average', pid: 10054, user: 'root', values: { '%usr': 48.76, '%wait': 51.24 } },
    ] },
  { file: 'sysstat-12.6.1-pidstat-d-1-1.txt', rows: 1, averages: 1,
    header: { kernel: '6.18.44-fc-v782', host: 'vm', date: '11/26/26', day: '2026-11-26', arch: 'x86_64', cpus: 2 },
    expect: [{ time: '01:51:12', pid: 9297, values: { 'kB_rd/s': 0, 'kB_wr/s': 583984.16, iodelay: 0 } }] },
  // sysstat 10 (el6 host, 2017 blog): a dotted day-first date, decimal commas, and a time printed
  // with commas ("10,22,04", its locale not stated); no UID column (-p), no %wait.
  { file: 'sysstat-10-el6-pidstat-p-1-comma-locale-blog-2017.txt', rows: 7, averages: 0,
    header: { kernel: '3.10.104-1.el6.elrepo.x86_64', host: 'ldp3chat', date: '19.02.2017', day: '2017-02-19', arch: 'x86_64', cpus: 16 },
    expect: [
      { time: '10,22,04', pid: 19562, uid: null, clock: '10:22:04', command: 'node', values: { '%usr': 11, '%system': 3, '%guest': 0, '%CPU': 14, CPU: 15, '%wait': undefined } },
      { time: '10,22,08', pid: 19562, values: { '%usr': 23, '%CPU': 25, CPU: 11 } },
    ] },
  { file: 'sysstat-10-el6-pidstat-r-p-1-comma-locale-blog-2017.txt', rows: 6, averages: 0,
    header: { kernel: '3.10.104-1.el6.elrepo.x86_64', host: 'chat', date: '19.02.2017', day: '2017-02-19', arch: 'x86_64', cpus: 16 },
    expect: [{ time: '10,24,21', pid: 19562, clock: '10:24:21', values: { 'minflt/s': 186, 'majflt/s': 0, VSZ: 1575440, RSS: 523632, '%MEM': 1.06 } }] },
  // sysstat 10 (a blog's "pidstat 1", no banner: the paste starts at a header), UID column, no
  // %wait, and "Average:" rows whose CPU is "-".
  { file: 'sysstat-10-pidstat-1-average-blog.txt', rows: 4, averages: 5, header: null,
    expect: [
      { time: '11:11:15 PM', pid: 27930, uid: 0, clock: '23:11:15', command: 'java', values: { '%system': 1, '%CPU': 1, CPU: 2 } },
      { time: 'Average', pid: 2784, uid: 27, command: 'mysqld', values: { '%system': 0.07, '%CPU': 0.07, CPU: undefined } },
      { time: 'Average', pid: 7462, uid: 0, command: 'java', values: { '%usr': 0.73, '%system': 0.2, '%guest': 0, '%CPU': 0.93 } },
    ] },
  { file: 'sysstat-12.6.1-pidstat-r-1-1.txt', rows: 5, averages: 5,
    header: { kernel: '6.18.44-fc-v782', host: 'vm', date: '11/26/26', day: '2026-11-26', arch: 'x86_64', cpus: 2 },
    expect: [{ time: '01:51:11', pid: 1, command: 'process_api', values: { 'minflt/s': 11.88, VSZ: 43956, RSS: 13168, '%MEM': 0.05 } }] },
];

for (const c of cases) {
  test(`pidstat: ${c.file}`, () => {
    const f = facts(c.file);
    assert.equal(f.fromProcFallback, false);
    assert.deepEqual(f.header, c.header);
    assert.equal(f.rows.length, c.rows);
    assert.equal(f.averages.length, c.averages);
    for (const e of c.expect) {
      const r = row(f, e.time, e.pid);
      for (const key of ['command', 'uid', 'user', 'clock'] as const) if (key in e) assert.equal(r[key], e[key], `${e.time} ${e.pid} ${key}`);
      for (const [name, value] of Object.entries(e.values)) assert.equal(r.values[name], value, `${e.time} ${e.pid} ${name}`);
    }
  });
}

test('pidstat: hostsnap /proc fallback (Linux 6.18.44), figures from the raw stat lines', () => {
  const f = facts('proc-fallback-linux-6.18.44.txt');
  assert.equal(f.fromProcFallback, true);
  assert.equal(f.header, null);
  const dt = 546.44 - 544.31;
  const pct = (ticks: number): number => Math.round((ticks / 100 / dt) * 100 * 100) / 100;
  // 11851 (sh), the CPU burner: utime 26 -> 118, stime 0 -> 1, rss 408 pages, processor 0.
  const burner = row(f, '546.44', 11851);
  assert.equal(burner.command, 'sh');
  assert.equal(burner.values['%usr'], pct(118 - 26));
  assert.equal(burner.values['%system'], pct(1));
  assert.equal(burner.values['%CPU'], Math.round((pct(92) + pct(1)) * 100) / 100);
  assert.equal(burner.values.RSS, (408 * 4096) / 1024);
  assert.equal(burner.values.VSZ, 2654208 / 1024);
  assert.equal(burner.values.CPU, 0);
  // comm "a) (b c": split at the last ')'.
  const trap = row(f, '546.44', 11850);
  assert.equal(trap.command, 'a) (b c');
  assert.equal(trap.values.RSS, (418 * 4096) / 1024);
  // 11848 (sh): @io write_bytes 45056 -> 314630144.
  assert.equal(row(f, '546.44', 11848).values['kB_wr/s'], Math.round(((314630144 - 45056) / 1024 / dt) * 100) / 100);
  // 1 (process_api): minflt 22369 -> 22396.
  assert.equal(row(f, '546.44', 1).values['minflt/s'], Math.round(((22396 - 22369) / dt) * 100) / 100);
  assert.equal(row(f, 'Average', 11851).values['%usr'], pct(92));
});

test('pidstat: German averages pasted without their header (-t, a README) are unparsed with the reason', () => {
  const outcome = pidstat.run(read('sysstat-de-pidstat-u-t-p-averages-only-freerdp-readme.txt'));
  assert.equal(outcome.ok, false);
  assert.match(outcome.ok ? '' : outcome.reason, /no pidstat header line/);
});

test('pidstat: garbage, a banner alone, a cut fallback and empty text are unparsed', () => {
  const fallback = read('proc-fallback-linux-6.18.44.txt');
  const oneSample = fallback.slice(0, fallback.indexOf('@sample 546.44'));
  for (const text of ['', ' \n', 'hello\nworld\n', 'Linux 2.6.39-linode33 (web1) 09/10/11 _i686_\n', oneSample]) {
    assert.equal(pidstat.run(text).ok, false, text.slice(0, 60));
  }
});
