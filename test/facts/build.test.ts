// buildFacts: parse outcomes kept, host merged in its written order, OOM events merged across logs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { SourceSet, SourceText } from '../../src/archive/types.js';
import { readInput } from '../../src/archive/input.js';
import { buildFacts } from '../../src/facts/build.js';
import { incidentPath, repoPath } from '../helpers/paths.js';

const fixture = (...p: string[]) => readFileSync(repoPath('test', 'fixtures', 'sources', ...p), 'utf8');
const set = (sources: Record<string, string>): SourceSet => ({
  kind: 'log',
  location: 'test',
  manifest: null,
  sources: new Map(Object.entries(sources).map(([id, text]): [string, SourceText] => [id, { id, text, origin: id }])),
});

test('incident paste: host from the pidstat banner and the log; free read in MB; absent sources listed', async () => {
  const facts = buildFacts(await readInput(incidentPath));
  assert.deepEqual(
    { name: facts.host.name, kernel: facts.host.kernel, arch: facts.host.arch, bits: facts.host.bits },
    { name: 'web1', kernel: '2.6.39-linode33', arch: 'i686', bits: 32 },
  );
  assert.equal(facts.parsed.free?.memTotalKb, 2003 * 1024);
  assert.equal(facts.oomEvents.length, 2);
  assert.deepEqual(facts.oomEventSources, ['kern-log', 'kern-log']);
  const meminfo = facts.missing.find((m) => m.source === 'proc-meminfo');
  assert.deepEqual(meminfo && { status: meminfo.status, reason: meminfo.reason }, { status: 'absent', reason: 'not in the paste input' });
  assert.equal(facts.unparsed.length, 0);
});

test('the same memcg OOM in dmesg and in dmesg -T is one event; both stamps kept', () => {
  const facts = buildFacts(set({
    dmesg: fixture('dmesg', 'live-6.18-memcg-v1.txt'),
    'kern-log': fixture('dmesg', 'live-6.18-memcg-v1-ctime.txt'),
  }));
  assert.equal(facts.oomEvents.length, 1);
  assert.equal(facts.oomEvents[0].memcg, '/hostsnap-test-17292-1');
  assert.ok(facts.oomEvents[0].uptimeSeconds !== null);
});

test('two dumps of one source are both kept, even when they look alike (arm64 vendor hook, then the panic)', () => {
  const facts = buildFacts(set({ dmesg: fixture('dmesg', '5.4.74-arm64-cma-compulsory-panic.txt') }));
  assert.equal(facts.oomEvents.length, 3);
  assert.deepEqual(facts.oomEvents.map((e) => e.panic), [false, false, true]);
});

test('text a parser cannot read is recorded as unparsed, with its reason, never thrown', () => {
  // Real outputs in the wrong place: free's table where /proc/meminfo was expected.
  const facts = buildFacts(set({ 'proc-meminfo': fixture('free', 'procps-ng-4.0.2-free.txt'), uname: fixture('uname', 'debian12-6.18-setarch-i686.txt') }));
  const m = facts.missing.find((x) => x.source === 'proc-meminfo');
  assert.equal(m?.status, 'unparsed');
  assert.ok(m && m.reason.length > 0);
  assert.equal(facts.unparsed[0]?.source, 'proc-meminfo');
  assert.equal(facts.host.bits, 32);
});
