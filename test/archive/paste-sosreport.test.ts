// A real sosreport tree (sos 4.0 on this machine): its files mapped to source ids and analysed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import { repoPath } from '../helpers/paths.js';

test('sosreport folder: sources by id with their paths in the tree, host and memcg OOMs found', async () => {
  const set = await readInput(repoPath('test', 'fixtures', 'hosts', 'sos-4.0-debian12'));
  assert.equal(set.kind, 'sosreport');
  assert.equal(set.sources.get('proc-meminfo')?.origin, 'proc/meminfo');
  assert.equal(set.sources.get('dmesg')?.origin, 'sos_commands/kernel/dmesg');
  assert.equal(set.sources.get('ps')?.origin, 'sos_commands/process/ps_auxwww');
  assert.equal(set.sources.get('proc-mountinfo')?.origin, 'proc/self/mountinfo');
  const { document, facts } = analyze(set);
  assert.deepEqual(document.host, { name: 'vm', kernel: '6.18.44-fc-v782', arch: 'x86_64', bits: 64 });
  assert.ok(facts.parsed.meminfo && facts.parsed.ps && facts.parsed.sysctl && facts.parsed.slabinfo, 'meminfo, ps, sysctl, slabinfo parsed');
  assert.ok(document.findings.some((f) => f.id === 'memcg-oom' && f.summary.includes('/hostsnap-test-')));
  // What sos did not collect is reported as coverage, not guessed.
  assert.ok(document.coverage.some((c) => c.rule === 'psi-memory-pressure' && c.reason.includes('not in the sosreport input')));
});

test('sosreport folder whose proc/ is a link to this machine\'s /proc: nothing is read through it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostsnap-sos-link-'));
  try {
    mkdirSync(join(dir, 'sos_commands'));
    symlinkSync('/proc', join(dir, 'proc'));
    writeFileSync(join(dir, 'sos_commands', 'README'), 'a folder that looks like a sosreport\n');
    const set = await readInput(dir);
    assert.equal(set.kind, 'sosreport');
    assert.deepEqual([...set.sources.keys()], []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
