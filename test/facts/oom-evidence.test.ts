// Evidence quotes the kernel's own lines; when a long dump's kept text lacks one, it says so.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { requestEvidenceText, zoneEvidenceText } from '../../src/facts/oom.js';
import { kernlog } from '../../src/parsers/kernlog.js';
import { repoPath } from '../helpers/paths.js';

const outcome = kernlog.run(readFileSync(repoPath('test', 'fixtures', 'sources', 'kern-log', '2011-web1-xen-i686-lowmem.txt'), 'utf8'));
assert.ok(outcome.ok);
const apache = outcome.facts.oomEvents.find((e) => e.trigger?.comm === 'apache2')!;
const normal = apache.zones.find((z) => z.name === 'Normal')!;

test('the kernel line itself when the event kept it', () => {
  assert.match(zoneEvidenceText(apache, normal), /^Sep 10 01:07:31 web1 kernel: Normal free:5376kB min:4004kB/);
  assert.match(requestEvidenceText(apache), /kernel: apache2 invoked oom-killer: gfp_mask=0xd0, order=1/);
});

test('parsed figures said as such, never shaped like a log line, when the line was not kept', () => {
  const cut = { ...apache, text: [] };
  const zone = zoneEvidenceText(cut, normal);
  assert.match(zone, /as parsed from the dump \(its line was not kept\)/);
  assert.match(zone, /free 5376 kB, min 4004 kB, present 719320 kB, reclaimable slab 664084 kB/);
  assert.doesNotMatch(zone, /free:\d+kB/);
  assert.match(requestEvidenceText(cut), /as parsed .*gfp_mask 0xd0, order 1$/);
});
