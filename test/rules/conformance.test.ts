// Every rule: registered once in sorted order, kebab-case id = file name, tested, documented.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { rules } from '../../src/rules/index.js';
import { repoPath } from '../helpers/paths.js';

const NOT_RULES = new Set(['define.ts', 'helpers.ts', 'index.ts', 'requirements.ts', 'run.ts']);
const ruleFiles = readdirSync(repoPath('src', 'rules')).filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f));
const ids = rules.map((r) => r.meta.id);

test('every rule file is registered, and the registry is sorted with unique kebab-case ids', () => {
  assert.deepEqual([...ids].sort(), ruleFiles.map((f) => f.replace(/\.ts$/, '')).sort());
  assert.deepEqual(ids, [...ids].sort(), 'registry sorted by id');
  assert.equal(new Set(ids).size, ids.length, 'ids unique');
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

for (const rule of rules) {
  const { id, messages, advice, title, description } = rule.meta;
  test(`${id}: has a test table, a doc naming every message and advice, and complete meta`, () => {
    assert.ok(existsSync(repoPath('test', 'rules', `${id}.test.ts`)), `test/rules/${id}.test.ts`);
    const doc = repoPath('docs', 'rules', `${id}.md`);
    assert.ok(existsSync(doc), `docs/rules/${id}.md`);
    const text = readFileSync(doc, 'utf8');
    for (const key of [...Object.keys(messages), ...Object.keys(advice)]) assert.ok(text.includes(`\`${key}\``), `${id}.md documents ${key}`);
    for (const [key, sentence] of Object.entries(messages)) assert.ok(text.includes(sentence), `${id}.md has the current ${key} sentence`);
    assert.ok(text.includes('## When it fires'), `${id}.md says when it fires`);
    assert.ok(title.length > 0 && description.length > 0);
    assert.ok(Object.keys(messages).length > 0 && Object.keys(advice).length > 0);
    assert.ok(rule.requires.length > 0, 'says what it needs');
  });
}
