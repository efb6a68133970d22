// Real outputs in nine locales (scripts/capture-locales.sh) read to the same figures as their C twins.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { free, type FreeFacts } from '../../src/parsers/free.js';
import { pidstat, type PidstatFacts, type PidstatRow } from '../../src/parsers/pidstat.js';
import { ps, type PsFacts } from '../../src/parsers/ps.js';
import { slabtop, type SlabtopFacts } from '../../src/parsers/slabtop.js';
import type { Parser } from '../../src/parsers/types.js';
import { vmstat, type VmstatFacts } from '../../src/parsers/vmstat.js';
import { repoPath } from '../helpers/paths.js';

const LOCALES = ['de_DE', 'fr_FR', 'es_ES', 'it_IT', 'pt_BR', 'pt_PT', 'ru_RU', 'ja_JP', 'zh_CN'];

function read<T>(parser: Parser<T>, source: string, file: string): T {
  const outcome = parser.run(readFileSync(repoPath('test', 'fixtures', 'sources', source, 'locales', file), 'utf8'));
  assert.ok(outcome.ok, `${source}/locales/${file}: ${outcome.ok ? '' : outcome.reason}`);
  return outcome.facts;
}

function text(source: string, file: string): string {
  return readFileSync(repoPath('test', 'fixtures', 'sources', source, 'locales', file), 'utf8');
}

test('the captures are really localised (else the comparisons below prove nothing)', () => {
  // Words and figures the tools print only in those languages, seen in the files themselves.
  assert.match(text('free', 'free-k-fr_FR.txt'), /Échange:/);
  assert.match(text('free', 'free-k-de_DE.txt'), /Speicher:/);
  assert.match(text('free', 'free-k-zh_CN.txt'), /内存：/);
  assert.match(text('free', 'free-h-de_DE.txt'), /1,7Gi/);
  assert.match(text('vmstat', 'vmstat-1-2-zh_CN.txt'), /空闲/);
  assert.match(text('slabtop', 'slabtop-o-s-c-fr_FR.txt'), /OBJS ACTIF/);
  assert.match(text('slabtop', 'slabtop-o-s-c-ru_RU.txt'), /\d,\d\dK/);
  assert.match(text('pidstat', 'pidstat-dru-p-1-2-de_DE.txt'), /Durchschn\.:.*\d,\d\d/);
  assert.match(text('pidstat', 'pidstat-dru-p-1-2-fr_FR.txt'), /Moyenne\s:/u);
  assert.match(text('pidstat', 'pidstat-dru-p-1-2-ja_JP.txt'), /時\d\d分/);
  for (const l of LOCALES) assert.notEqual(text('pidstat', `pidstat-dru-p-1-2-${l}.txt`), text('pidstat', 'pidstat-dru-p-1-2-C.txt'), l);
});

// free, vmstat and slabtop read the same frozen /proc files in every locale: equal to the figure.
for (const l of LOCALES) {
  test(`free -k and -h in ${l}: the C twin's figures, nothing unread`, () => {
    for (const flag of ['k', 'h']) {
      const c = read<FreeFacts>(free, 'free', `free-${flag}-C.txt`);
      const local = read<FreeFacts>(free, 'free', `free-${flag}-${l}.txt`);
      assert.deepEqual(local, c);
      assert.equal(local.unread.count, 0);
      assert.ok(local.memTotalKb > 8192 && local.availableKb !== null);
    }
  });

  test(`vmstat 1 2 in ${l}: the C twin's samples`, () => {
    const c = read<VmstatFacts>(vmstat, 'vmstat', 'vmstat-1-2-C.txt');
    const local = read<VmstatFacts>(vmstat, 'vmstat', `vmstat-1-2-${l}.txt`);
    assert.equal(c.samples.length, 2);
    assert.deepEqual(local, c);
    assert.ok(local.samples[0].free > 0 && local.samples[0].cache !== null);
  });

  test(`slabtop -o -s c in ${l}: the C twin's caches and summary`, () => {
    const c = read<SlabtopFacts>(slabtop, 'slabtop', 'slabtop-o-s-c-C.txt');
    const local = read<SlabtopFacts>(slabtop, 'slabtop', `slabtop-o-s-c-${l}.txt`);
    assert.ok(c.caches.length > 100 && c.summary.totalSizeKb !== null);
    assert.deepEqual(local, c);
    assert.equal(local.unread.count, 0);
  });
}

// pidstat: every locale ran over the same two seconds as C, on a CPU loop and a stopped 64 MiB
// holder. What pidstat reads once per process (VSZ, RSS, %MEM, the stopped one's zeros) is equal;
// the loop's CPU shares differ by what the scheduler gave within a second.
const CPU_SHARE_SLACK = 10;

function byPid(rows: PidstatRow[]): Map<number, PidstatRow[]> {
  const out = new Map<number, PidstatRow[]>();
  for (const r of rows) out.set(r.pid, [...(out.get(r.pid) ?? []), r]);
  return out;
}

for (const l of LOCALES) {
  test(`pidstat -dru in ${l}: every figure read, equal to C where pidstat prints the same`, () => {
    const c = read<PidstatFacts>(pidstat, 'pidstat', 'pidstat-dru-p-1-2-C.txt');
    const local = read<PidstatFacts>(pidstat, 'pidstat', `pidstat-dru-p-1-2-${l}.txt`);
    assert.equal(local.unread.count, 0, JSON.stringify(local.unread.examples));
    assert.equal(local.header?.day, '2026-12-01');
    assert.equal(local.header?.day, c.header?.day);
    assert.deepEqual(local.rows.map((r) => [r.clock, r.pid, r.command]), c.rows.map((r) => [r.clock, r.pid, r.command]));
    assert.deepEqual(local.averages.map((r) => [r.time, r.pid]), c.averages.map((r) => [r.time, r.pid]));
    const [loop, holder] = [...new Set(c.rows.map((r) => r.pid))];
    for (const [rowsC, rowsL] of [[c.rows, local.rows], [c.averages, local.averages]]) {
      const [mapC, mapL] = [byPid(rowsC), byPid(rowsL)];
      for (const pid of [loop, holder]) {
        for (const [i, rowC] of (mapC.get(pid) ?? []).entries()) {
          const rowL = (mapL.get(pid) ?? [])[i];
          assert.deepEqual(Object.keys(rowL.values).sort(), Object.keys(rowC.values).sort());
          for (const name of ['VSZ', 'RSS', '%MEM', 'majflt/s', 'kB_rd/s', 'iodelay']) assert.equal(rowL.values[name], rowC.values[name], `${pid} ${name}`);
          if (pid === holder) assert.deepEqual(rowL.values, rowC.values);
          else for (const name of ['%usr', '%CPU', '%wait']) assert.ok(Math.abs(rowL.values[name] - rowC.values[name]) <= CPU_SHARE_SLACK, `${name} ${rowL.values[name]} vs ${rowC.values[name]}`);
        }
      }
    }
    // The loop was busy, and its figures came through their decimal commas.
    assert.ok((local.averages.find((r) => r.pid === loop)?.values['%CPU'] ?? 0) > 10);
  });
}

// ps: both processes stopped; C before and after every locale. %CPU only falls, ELAPSED only grows.
for (const l of LOCALES) {
  test(`ps -o (hostsnap's columns) in ${l}: between its C captures before and after`, () => {
    const before = read<PsFacts>(ps, 'ps', 'ps-o-hostsnap-C-before.txt');
    const after = read<PsFacts>(ps, 'ps', 'ps-o-hostsnap-C-after.txt');
    const local = read<PsFacts>(ps, 'ps', `ps-o-hostsnap-${l}.txt`);
    assert.equal(local.unread.count, 0);
    assert.equal(local.processes.length, 2);
    for (const [i, p] of local.processes.entries()) {
      const [b, a] = [before.processes[i], after.processes[i]];
      for (const key of ['pid', 'ppid', 'user', 'stat', 'rssKb', 'vszKb', 'memPct', 'comm', 'command'] as const) assert.deepEqual(p[key], b[key], key);
      assert.ok(p.cpuPct !== null && b.cpuPct !== null && a.cpuPct !== null);
      assert.ok(p.cpuPct <= b.cpuPct && p.cpuPct >= a.cpuPct, `%CPU ${p.cpuPct} not within ${a.cpuPct}..${b.cpuPct}`);
      assert.ok((p.elapsed ?? '') >= (b.elapsed ?? '') && (p.elapsed ?? '') <= (a.elapsed ?? ''));
    }
    assert.ok(local.processes[1].rssKb !== null && local.processes[1].rssKb >= 65536);
  });
}
