// Classes of excerpts the OOM reader must read alike, each built from a kernel printk format or from
// a real corpus dump changed by code (never a typed dump): score lines alone, a memcg known by the
// caller of out_of_memory.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { classifyAll } from '../../src/analysis/classify-oom.js';
import { parseKernlogText } from '../../src/parsers/kernlog.js';
import { CORPUS_DIR } from '../helpers/oom-corpus.js';
import { repoPath } from '../helpers/paths.js';

function read(text: string): Array<{ constraint: string | null; cause: string | null; killed: number[]; why: string }> {
  const events = parseKernlogText(text).oomEvents;
  return classifyAll(events, events.map(() => 'dmesg')).map((e) => ({
    constraint: e.constraint, cause: e.cause, killed: e.killed.map((k) => k.pid), why: e.why.map((w) => w.text).join(' '),
  }));
}

/** mm/oom_kill.c 2.6.36-4.x: pr_err("%s: Kill process %d (%s) score %u or sacrifice child\n", message, …). */
const choice = (message: string, score: number): string => `[  100.000000] ${message}: Kill process 31490 (corerun) score ${score} or sacrifice child\n`;

test('a global choice line alone scoring over half of RAM plus swap reads anon, and says why', () => {
  const [e] = read(choice('Out of memory', 897));
  assert.deepEqual([e.constraint, e.cause, e.killed], ['global', 'anon', [31490]]);
  assert.match(e.why, /89\.7% of all memory/);
});

test('a choice line alone scoring half or less, or past 1000 (oom_score_adj), or a cgroup\'s, is not read as anon', () => {
  assert.equal(read(choice('Out of memory', 300))[0].cause, 'unknown');
  assert.equal(read(choice('Out of memory', 1000))[0].cause, 'unknown');
  assert.deepEqual([read(choice('Memory cgroup out of memory', 897))[0].constraint, read(choice('Memory cgroup out of memory', 897))[0].cause], ['memcg', 'memcg_limit']);
});

const COS = `${CORPUS_DIR}/6.6-cos-containerd-github-journal-long-host-runc-init-comm-memcg-cut.txt`;

test('6.x: a memory cgroup\'s charge function right below out_of_memory makes the OOM a cgroup\'s; the allocator\'s makes it global', () => {
  const real = readFileSync(COS, 'utf8');
  const [memcg] = read(real);
  assert.deepEqual([memcg.constraint, memcg.cause], ['memcg', 'memcg_limit']);
  assert.match(memcg.why, /try_charge_memcg/);
  // The same trace with the page allocator's caller in place of the charge functions.
  const global = real.replace('try_charge_memcg+0x82a/0xa90', '__alloc_pages_may_oom+0x10a/0x1b0').replace('charge_memcg+0x3f/0x1f0', '__alloc_pages_slowpath+0x4f1/0xc60');
  assert.notEqual(global, real);
  assert.equal(read(global)[0].constraint, 'global');
  // A charge frame that the unwinder only guessed ("? ") proves nothing.
  assert.equal(read(real.replace(' try_charge_memcg+', ' ? try_charge_memcg+').replace(' charge_memcg+', ' ? charge_memcg+'))[0].constraint, 'global');
});

const SUI = `${CORPUS_DIR}/5.x-sui-github-syslog-zone-lines-only-anon.txt`;

test('show_mem\'s lines alone (zone lines, buddy lists) are one OOM event, read global, with the reasoning', () => {
  const events = read(readFileSync(SUI, 'utf8'));
  assert.deepEqual(events.map((e) => [e.constraint, e.cause, e.killed]), [['global', 'anon', []]]);
  assert.match(events[0].why, /SysRq-m and a page allocation failure/);
});

test('the same lines after SysRq\'s "Show Memory" line (drivers/tty/sysrq.c) are no OOM; after an allocation failure\'s header they are its', () => {
  const real = readFileSync(SUI, 'utf8');
  const first = /^Jul 23 07:37:14 sui-mainnet kernel: \[ 2764\.\d+\] /m.exec(real)?.[0] ?? '';
  assert.notEqual(first, '');
  // sysrq.c: pr_info("%s\n", op_p->action_msg) under pr_fmt "sysrq: " (5.x+), "SysRq : " before.
  for (const sysrq of ['sysrq: Show Memory', 'SysRq : Show Memory']) {
    assert.deepEqual(read(real.replace(first, `${first}${sysrq}\n${first}`)), [], sysrq);
  }
  // mm/page_alloc.c warn_alloc (4.x+): "%s: page allocation failure: order:%u, mode:%#x(%pGg), nodemask=%*pbl".
  const failure = read(real.replace(first, `${first}sui-node: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null)\n${first}`));
  assert.deepEqual(failure.map((e) => [e.constraint, e.killed]), [[null, []]]);
});

const RH_KB = `${CORPUS_DIR}/2.6.18-el5-xen-i686-rh-kb-wrapped-lowmem-kill-before-zones.txt`;

test('a kill and its dump\'s zone lines quoted apart, either one first, are one OOM (32-bit lowmem read from HighMem\'s free buddy lists)', () => {
  const real = readFileSync(RH_KB, 'utf8');
  const [head, zones] = real.split('Root Cause\n');
  assert.ok(zones !== undefined && head.includes('Killed process 7919'));
  for (const text of [real, `${zones}\n${head}`]) {
    const events = read(text);
    assert.deepEqual(events.map((e) => [e.constraint, e.cause, e.killed]), [['global', 'lowmem', [7919]]]);
    assert.match(events[0].why, /quoted apart/);
  }
});

/** journalctl -r: records newest first (each stamped line with the unstamped lines below it). */
function newestFirst(text: string): string {
  const records: string[][] = [];
  for (const line of text.split('\n')) {
    if (/^(?:\[|[A-Z][a-z]{2} [ \d]\d )/.test(line) || records.length === 0) records.push([line]);
    else records[records.length - 1].push(line);
  }
  return records.reverse().flat().join('\n');
}

test('a log newest line first reads as printed: by its uptime stamps, or by a dump\'s own order when its stamps are to the second', () => {
  // The headline incident: syslog stamps to the second, all of the dump in the same one.
  const web1 = readFileSync(repoPath('test', 'fixtures', 'sources', 'kern-log', '2011-web1-xen-i686-lowmem.txt'), 'utf8');
  // A dmesg with uptime stamps, several OOMs.
  const openeuler = readFileSync(repoPath('test', 'fixtures', 'sources', 'dmesg', '5.10-openeuler-global-anon-reaper.txt'), 'utf8');
  for (const text of [web1, openeuler]) {
    const reversed = newestFirst(text);
    assert.notEqual(reversed, text);
    const strip = (es: ReturnType<typeof read>) => es.map((e) => [e.constraint, e.cause, e.killed]);
    assert.deepEqual(strip(read(reversed)), strip(read(text)));
  }
});
