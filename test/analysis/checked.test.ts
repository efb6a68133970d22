// Every registered rule is either checked or in the coverage list, never both, never neither.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import { rules } from '../../src/rules/index.js';
import { incidentPath, repoPath } from '../helpers/paths.js';

for (const [name, path] of [
  ['the incident paste', incidentPath],
  ['the healthy Debian 12 snapshot', repoPath('test', 'fixtures', 'hosts', 'debian12-x86_64-healthy')],
]) {
  test(`${name}: checked and coverage partition the rule registry`, async () => {
    const { document } = analyze(await readInput(path));
    const checked = document.checked.map((c) => c.rule);
    const gaps = document.coverage.map((g) => g.rule);
    assert.ok(checked.length > 0);
    assert.deepEqual([...checked, ...gaps].sort(), rules.map((r) => r.meta.id).sort());
    for (const id of document.findings.map((f) => f.id)) assert.ok(checked.includes(id), `${id} found but not checked`);
  });
}
