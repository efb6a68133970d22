// The headline incident end to end through the CLI: `hostsnap analyze <paste> --format json`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'node:test';
import type { AnalysisDocument, ClassifiedOomEvent } from '../../src/analysis/types.js';
import { incidentPath, repoPath } from '../helpers/paths.js';

const run = promisify(execFile);
const bin = repoPath('bin', 'hostsnap.js');

test('analyze the 2011 web1 incident: lowmem exhaustion, classified OOMs, writeback of 0:17', async () => {
  const { stdout } = await run(process.execPath, [bin, 'analyze', incidentPath, '--format', 'json'], { timeout: 60_000 });
  const doc = JSON.parse(stdout) as AnalysisDocument;
  assert.equal(doc.schema, 'hostsnap/analysis@1');
  assert.deepEqual(doc.host, { name: 'web1', kernel: '2.6.39-linode33', arch: 'i686', bits: 32 });
  assert.equal(doc.input.kind, 'paste');

  const lowmem = doc.findings.find((f) => f.id === 'lowmem-exhaustion');
  assert.ok(lowmem);
  assert.equal(lowmem.severity, 'critical');
  assert.equal(doc.findings[0].severity, 'critical');
  const evidence = lowmem.evidence.map((e) => e.text).join('\n');
  for (const s of ['slab_reclaimable:664084kB', 'all_unreclaimable? yes', 'HighMem free:149216kB', 'Free swap = 524144kB', 'Total swap = 524284kB']) {
    assert.ok(evidence.includes(s), `evidence carries ${s}`);
  }
  const advice = lowmem.advice.map((a) => `${a.text} ${a.commands.join(' ')}`).join('\n');
  assert.match(advice, /vm\.vfs_cache_pressure/);
  assert.match(advice, /64-bit/);
  assert.match(advice, /\/etc\/sysctl\.d\//);
  assert.match(advice, /echo 2 > \/proc\/sys\/vm\/drop_caches/);
  assert.match(advice, /vm\.min_free_kbytes/);

  const events = doc.oomEvents as ClassifiedOomEvent[];
  const apache = events.find((e) => e.trigger?.comm === 'apache2');
  assert.ok(apache);
  assert.equal(apache.gfpMask, '0xd0');
  assert.equal(apache.order, 1);
  assert.equal(apache.cause, 'lowmem');
  assert.equal(apache.constraint, 'global');
  assert.equal(apache.constraintInferred, true);
  assert.ok(apache.why.some((w) => w.text.includes('slab_reclaimable:664084kB')));
  assert.ok(events.flatMap((e) => e.killed).some((k) => k.comm === 'rpc.statd' && k.pid === 2196));

  const writeback = doc.findings.find((f) => f.id === 'io-wait-writeback');
  assert.ok(writeback);
  assert.match(writeback.summary, /flush-0:17 .*writeback thread for block device 0:17/);
  assert.match(writeback.summary, /anonymous device \(major 0/);
});

test('the JSON has the shape DESIGN.md fixes for hostsnap/analysis@1', async () => {
  const { stdout } = await run(process.execPath, [bin, 'analyze', incidentPath, '--format', 'json'], { timeout: 60_000 });
  const doc = JSON.parse(stdout);
  for (const key of ['schema', 'host', 'oomEvents', 'findings']) assert.ok(key in doc, key);
  assert.deepEqual(Object.keys(doc.host).sort(), ['arch', 'bits', 'kernel', 'name']);
  const contractEvent = ['time', 'trigger', 'gfpMask', 'order', 'constraint', 'memcg', 'cause', 'panic', 'killed', 'zones'];
  for (const event of doc.oomEvents) {
    for (const key of contractEvent) assert.ok(key in event, `oomEvents[].${key}`);
    assert.ok(['global', 'memcg', 'cpuset', 'mempolicy', null].includes(event.constraint));
    assert.ok(['anon', 'lowmem', 'fragmentation', 'shmem', 'slab_leak', 'hugepages', 'memcg_limit', 'other'].includes(event.cause));
    assert.equal(typeof event.panic, 'boolean');
    for (const k of event.killed) assert.deepEqual([typeof k.pid, typeof k.comm], ['number', 'string']);
  }
  const apache = doc.oomEvents.find((e: { trigger: { comm: string } | null }) => e.trigger?.comm === 'apache2');
  assert.equal(apache.time, 'Sep 10 01:07:31');
  assert.deepEqual(apache.trigger, { comm: 'apache2', pid: 31143 });
  assert.equal(apache.memcg, null);
  assert.equal(apache.panic, false);
  assert.deepEqual(apache.killed.map((k: { pid: number; comm: string }) => ({ pid: k.pid, comm: k.comm })), [{ pid: 2196, comm: 'rpc.statd' }]);
  const normal = apache.zones.find((z: { name: string }) => z.name === 'Normal');
  assert.deepEqual(
    { freeKb: normal.freeKb, minKb: normal.minKb, lowKb: normal.lowKb, highKb: normal.highKb, presentKb: normal.presentKb, slabReclaimableKb: normal.slabReclaimableKb, allUnreclaimable: normal.allUnreclaimable },
    { freeKb: 5376, minKb: 4004, lowKb: 5004, highKb: 6004, presentKb: 719320, slabReclaimableKb: 664084, allUnreclaimable: true },
  );
  assert.equal(apache.zones.find((z: { name: string }) => z.name === 'HighMem').freeKb, 149216);
  for (const finding of doc.findings) {
    assert.match(finding.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(['critical', 'warning', 'info'].includes(finding.severity));
    for (const key of ['title', 'summary']) assert.equal(typeof finding[key], 'string');
    for (const e of finding.evidence) assert.deepEqual([typeof e.source, typeof e.text], ['string', 'string']);
    for (const a of finding.advice) {
      assert.equal(typeof a.text, 'string');
      assert.ok(Array.isArray(a.commands), `${finding.id}: advice commands is an array`);
    }
  }
});

test('analyze names an unreadable path', async () => {
  await assert.rejects(run(process.execPath, [bin, 'analyze', '/nonexistent/web1.txt'], { timeout: 30_000 }), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /\/nonexistent\/web1\.txt/);
    return true;
  });
});
