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
  const advice = lowmem.advice.map((a) => `${a.text} ${(a.commands ?? []).join(' ')}`).join('\n');
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

test('analyze names an unreadable path', async () => {
  await assert.rejects(run(process.execPath, [bin, 'analyze', '/nonexistent/web1.txt'], { timeout: 30_000 }), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /\/nonexistent\/web1\.txt/);
    return true;
  });
});
