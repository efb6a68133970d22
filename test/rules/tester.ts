// The rule test table (ESLint's RuleTester shape): whole-host inputs where a rule stays quiet or fires.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import type { Analysis, Finding, Severity } from '../../src/analysis/types.js';
import { readInput } from '../../src/archive/input.js';
import type { Rule, RuleMeta } from '../../src/rules/define.js';
import { repoPath } from '../helpers/paths.js';

export interface PassCase {
  name: string;
  /** A folder of test/fixtures/hosts/ (a snapshot folder, or one holding input.txt). */
  host: string;
}

export interface FailCase extends PassCase {
  messageId: string;
  severity?: Severity;
  /** Advice ids, in order. */
  advice?: string[];
  /** Figures and words the summary must contain. */
  summary?: string[];
  /** Substrings some evidence text must contain. */
  evidence?: string[];
  /** How many findings of this rule (default: at least one). */
  count?: number;
}

const cache = new Map<string, Promise<Analysis>>();

/** The analysis of a host fixture, computed once per test file. */
export function analyzeHost(host: string): Promise<Analysis> {
  let pending = cache.get(host);
  if (!pending) {
    const dir = repoPath('test', 'fixtures', 'hosts', host);
    const input = existsSync(`${dir}/input.txt`) ? `${dir}/input.txt` : dir;
    pending = readInput(input).then(analyze);
    cache.set(host, pending);
  }
  return pending;
}

function findingsOf(analysis: Analysis, id: string): Finding[] {
  return analysis.document.findings.filter((f) => f.id === id);
}

export function runRuleTests(rule: Rule<RuleMeta>, cases: { pass: PassCase[]; fail: FailCase[] }): void {
  const id = rule.meta.id;
  describe(`rule ${id}`, () => {
    for (const c of cases.pass) {
      test(`quiet: ${c.name}`, async () => {
        const analysis = await analyzeHost(c.host);
        assert.equal(analysis.document.coverage.find((g) => g.rule === id), undefined, `${id} ran on ${c.host}`);
        assert.deepEqual(findingsOf(analysis, id).map((f) => f.summary), []);
      });
    }
    for (const c of cases.fail) {
      test(`fires: ${c.name}`, async () => {
        const found = findingsOf(await analyzeHost(c.host), id);
        if (c.count !== undefined) assert.equal(found.length, c.count, `${id} findings on ${c.host}`);
        else assert.ok(found.length > 0, `${id} fires on ${c.host}`);
        const f = found.find((x) => x.messageId === c.messageId);
        assert.ok(f, `message ${c.messageId} among ${found.map((x) => x.messageId).join(', ')}`);
        if (c.severity) assert.equal(f.severity, c.severity);
        if (c.advice) assert.deepEqual(f.advice.map((a) => a.id), c.advice);
        for (const s of c.summary ?? []) assert.ok(f.summary.includes(s), `summary has ${JSON.stringify(s)}: ${f.summary}`);
        for (const s of c.evidence ?? []) assert.ok(f.evidence.some((e) => e.text.includes(s)), `evidence has ${JSON.stringify(s)}`);
        for (const e of f.evidence) for (const h of e.highlight ?? []) assert.ok(e.text.includes(h), `highlight ${h} is in its text`);
      });
    }
  });
}
