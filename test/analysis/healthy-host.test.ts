// No false alarm: a real snapshot of this (healthy) machine gives no warning or critical finding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeHost } from '../rules/tester.js';

test('debian12-x86_64-healthy: no warning, no critical', async () => {
  const { document } = await analyzeHost('debian12-x86_64-healthy');
  assert.deepEqual(document.host, { name: 'vm', kernel: '6.18.44-fc-v782', arch: 'x86_64', bits: 64 });
  const loud = document.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id}: ${f.summary}`);
  assert.deepEqual(loud, []);
  // The rules that decide memory health ran (they are not merely skipped for lack of data).
  const skipped = document.coverage.map((c) => c.rule);
  for (const id of ['lowmem-exhaustion', 'slab-reclaimable-bloat', 'memory-fragmentation', 'psi-memory-pressure', 'overcommit-policy', 'hugepages-unused', 'shmem-tmpfs', 'io-wait-writeback', 'processes-d-state']) {
    assert.ok(!skipped.includes(id), `${id} ran`);
  }
});
