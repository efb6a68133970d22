// OOM classification against every expert reading (<case>.expected.json) beside the real dumps.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { classifyAll } from '../../src/analysis/classify-oom.js';
import { kernlog } from '../../src/parsers/kernlog.js';
import { repoPath } from '../helpers/paths.js';

interface Expected {
  events: Array<{ constraint: string | null; cause: string; panic: boolean; killed: number[]; why: string }>;
}

const cases = ['dmesg', 'kern-log'].flatMap((source) =>
  readdirSync(repoPath('test', 'fixtures', 'sources', source))
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => ({ source, name: f.replace(/\.expected\.json$/, '') })),
);

test('there are expert readings to check against', () => {
  assert.ok(cases.length >= 5, `found ${cases.length}`);
});

for (const { source, name } of cases) {
  test(`${source}/${name}: constraint, cause, panic and killed match the expert reading`, () => {
    const dir = repoPath('test', 'fixtures', 'sources', source);
    const expected = JSON.parse(readFileSync(`${dir}/${name}.expected.json`, 'utf8')) as Expected;
    const parsed = kernlog.run(readFileSync(`${dir}/${name}.txt`, 'utf8'));
    assert.ok(parsed.ok, `kernlog parses ${name}`);
    const events = classifyAll(parsed.facts.oomEvents, parsed.facts.oomEvents.map(() => source));
    const got = events.map((e) => ({ constraint: e.constraint, cause: e.cause, panic: e.panic, killed: e.killed.map((k) => k.pid) }));
    const want = expected.events.map(({ why: _why, ...rest }) => rest);
    assert.deepEqual(got, want);
    for (const e of events) {
      assert.ok(e.why.length >= 2, 'constraint and cause each carry their reasoning');
      assert.ok(e.why.every((w) => w.source === source && w.text.length > 0));
    }
  });
}
