// No false alarm: a real snapshot of this (healthy) machine, with a real clean kernel log, gives no
// warning or critical finding, and every registered rule ran on it (its quiet case).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { KernlogFacts } from '../../src/parsers/kernlog-types.js';
import { rules } from '../../src/rules/index.js';
import { repoPath } from '../helpers/paths.js';
import { analyzeHost } from '../rules/tester.js';

const HOST = 'debian12-x86_64-healthy';

test(`${HOST}: no warning, no critical`, async () => {
  const { document } = await analyzeHost(HOST);
  assert.deepEqual(document.host, { name: 'vm', kernel: '6.18.44-fc-v782', arch: 'x86_64', bits: 64 });
  const loud = document.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id}: ${f.summary}`);
  assert.deepEqual(loud, []);
});

test(`${HOST}: every registered rule ran (none skipped for lack of data): each rule's quiet case`, async () => {
  const { document } = await analyzeHost(HOST);
  assert.deepEqual(document.coverage.map((c) => `${c.rule}: ${c.reason}`), []);
  assert.deepEqual(document.checked.map((c) => c.rule).sort(), rules.map((r) => r.meta.id).sort());
});

test(`${HOST}: its kernel log is there, real and clean (a whole boot, no OOM, no hung task)`, async () => {
  const { facts, input } = await analyzeHost(HOST);
  const dmesg = facts.bySource.get('dmesg') as KernlogFacts | undefined;
  assert.ok(dmesg, 'no dmesg facts');
  assert.equal(dmesg.format, 'dmesg');
  assert.ok(dmesg.lineCount >= 300, `${dmesg.lineCount} lines`);
  assert.equal(dmesg.kernelRelease, '6.18.44-fc-v782');
  assert.equal(dmesg.oomEvents.length, 0);
  assert.equal(dmesg.hungTasks.length, 0);
  assert.equal(facts.oomEvents.length, 0);
  // The boot log served by the replay host, byte for byte (its origin: ../debian12-x86_64-boot-dmesg).
  const boot = readFileSync(repoPath('test', 'fixtures', 'hosts', 'debian12-x86_64-boot-dmesg', 'raw', 'dmesg.txt'), 'utf8');
  assert.equal(input.sources.get('dmesg')?.text, boot);
  assert.match(boot, /Linux version 6\.18\.44-fc-v782/);
});
