// Every real host fixture (snapshots, sosreports, incident pastes) read by the real parsers and
// rules with and without obfuscation: the same findings, OOM events and cgroups told apart, no
// original left in the sources.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import { ObfuscationMap } from '../../src/obfuscate/mapping.js';
import { obfuscateSourceSet } from '../../src/obfuscate/sources.js';
import { repoPath } from '../helpers/paths.js';

const HOSTS = repoPath('test', 'fixtures', 'hosts');

/** The folder itself, or its input.txt (a paste), as test/rules/tester.ts reads them. */
function inputOf(name: string): string {
  const paste = join(HOSTS, name, 'input.txt');
  return existsSync(paste) ? paste : join(HOSTS, name);
}

// Fixtures whose texts name things: what must have been found in them (the others name none, or only kept values).
const FOUND: Record<string, string[]> = {
  '2011-web1-xen-i686-lowmem': ['host'],
  '4.9-gentoo-i686-lowmem': ['domain', 'host'],
  '5.19-gcp-memcg-v2': ['cgroup', 'host'],
  'debian12-x86_64-psi-thrashing': ['cgroup', 'host'],
  'sos-4.0-debian12': ['cgroup', 'host'],
};

describe('obfuscated fixtures read as the originals', () => {
  for (const name of readdirSync(HOSTS).sort()) {
    it(name, async () => {
      const set = await readInput(inputOf(name));
      const map = new ObfuscationMap();
      const hidden = obfuscateSourceSet(map, set);
      const [plain, obf] = [analyze(set).document, analyze(hidden).document];
      const shape = (d: typeof plain): string[] => d.findings.map((f) => `${f.id}/${f.severity}/${f.evidence.length}`);
      assert.deepEqual(shape(obf), shape(plain));
      assert.equal(obf.oomEvents.length, plain.oomEvents.length);
      assert.deepEqual(obf.oomEvents.map((e) => [e.cause, e.constraint, e.killed.length]), plain.oomEvents.map((e) => [e.cause, e.constraint, e.killed.length]));
      assert.equal(new Set(obf.oomEvents.map((e) => e.memcg)).size, new Set(plain.oomEvents.map((e) => e.memcg)).size);
      if (plain.host.name && map.entries().some((e) => e.kind === 'host' && e.original === plain.host.name)) assert.notEqual(obf.host.name, plain.host.name);
      for (const kind of FOUND[name] ?? []) assert.ok(map.entries().some((e) => e.kind === kind), `${name}: a ${kind} found`);
      for (const source of hidden.sources.values()) assert.deepEqual(map.survivors(source.text), [], `${name}: ${source.id}`);
    });
  }
});
