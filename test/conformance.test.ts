// Conformance: every probe has a parser and real fixtures with their origin; every parser is
// registered, tested and fed at least two real fixtures (issue 3: two versions of every format).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROBES } from '../src/probes/index.js';
import { parserForSource, parsers } from '../src/parsers/index.js';
import { repoPath } from './helpers/paths.js';

const fixturesRoot = repoPath('test', 'fixtures', 'sources');

/** Fixture files of a source folder: everything but origin notes and expected readings. */
function fixtureFiles(sourceId: string): string[] {
  const dir = join(fixturesRoot, sourceId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(
    (name) => statSync(join(dir, name)).isFile() && !/ORIGIN|\.origin\.md$|\.expected\.json$|\.md$/.test(name),
  );
}

test('every probe id is read by exactly one parser', () => {
  for (const probe of PROBES) {
    const readers = Object.values(parsers).filter((p) => p.sources.includes(probe.id));
    assert.equal(readers.length, 1, `probe ${probe.id} is read by ${readers.length} parsers`);
  }
});

test('every parser source is a probe id', () => {
  const probeIds = new Set(PROBES.map((p) => p.id));
  for (const parser of Object.values(parsers)) {
    for (const source of parser.sources) assert.ok(probeIds.has(source), `parser ${parser.name} reads ${source}, which no probe collects`);
  }
});

test('every probe has real fixtures with their origin written next to them', () => {
  for (const probe of PROBES) {
    const dir = join(fixturesRoot, probe.id);
    assert.ok(fixtureFiles(probe.id).length >= 1, `no fixture under test/fixtures/sources/${probe.id}/`);
    const notes = readdirSync(dir).filter((n) => /ORIGIN|\.origin\.md$/.test(n));
    assert.ok(notes.length >= 1, `test/fixtures/sources/${probe.id}/ has no ORIGIN.md`);
  }
});

test('every parser has a test file and at least two real fixtures', () => {
  for (const parser of Object.values(parsers)) {
    assert.ok(existsSync(repoPath('test', 'parsers', `${parser.name}.test.ts`)), `no test/parsers/${parser.name}.test.ts`);
    const count = parser.sources.reduce((n, source) => n + fixtureFiles(source).length, 0);
    assert.ok(count >= 2, `parser ${parser.name} has ${count} fixture(s); at least two versions are required`);
  }
});

test('every fixture folder belongs to a parser', () => {
  for (const folder of readdirSync(fixturesRoot)) {
    assert.ok(parserForSource(folder), `test/fixtures/sources/${folder}/ matches no parser source`);
  }
});

test('parsers are registered in sorted order (one line each)', () => {
  const names = Object.keys(parsers);
  assert.deepEqual(names, [...names].sort());
  for (const [name, parser] of Object.entries(parsers)) assert.equal(parser.name, name);
});
