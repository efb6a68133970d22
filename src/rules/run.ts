// The rule runner: each registered rule against the facts; rules lacking facts land in coverage.
import type { Advice, CheckedRule, CoverageGap, Finding } from '../analysis/types.js';
import type { Facts } from '../facts/types.js';
import { fillTemplate, type Rule, type RuleMeta } from './define.js';
import { satisfied, sourcesOf, whyMissing } from './requirements.js';

export interface RuleResults {
  findings: Finding[];
  coverage: CoverageGap[];
  /** The rules that ran (whether or not they found anything), in registry order. */
  checked: CheckedRule[];
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

function runOne(rule: Rule, facts: Facts): Finding[] {
  const meta: RuleMeta = rule.meta;
  const findings: Finding[] = [];
  rule.check(facts, {
    report(spec) {
      const where = `rule ${meta.id}`;
      const message = meta.messages[spec.messageId];
      const advice: Advice[] = (spec.advice ?? []).map((id) => {
        const a = meta.advice[id];
        return {
          id,
          text: fillTemplate(a.text, spec.data, `${where} advice ${id}`),
          // Always an array in the JSON contract, empty when the advice is words only.
          commands: (a.commands ?? []).map((c) => fillTemplate(c, spec.data, `${where} advice ${id}`)),
          ...(a.preconditions ? { preconditions: fillTemplate(a.preconditions, spec.data, where) } : {}),
          ...(a.risk ? { risk: fillTemplate(a.risk, spec.data, where) } : {}),
        };
      });
      findings.push({
        id: meta.id,
        severity: spec.severity ?? meta.severity,
        title: meta.title,
        summary: fillTemplate(message, spec.data, `${where} message ${spec.messageId}`),
        evidence: spec.evidence,
        advice,
        messageId: spec.messageId,
      });
    },
  });
  return findings;
}

export function runRules(rules: readonly Rule[], facts: Facts): RuleResults {
  const findings: Finding[] = [];
  const coverage: CoverageGap[] = [];
  const checked: CheckedRule[] = [];
  for (const rule of rules) {
    const unmet = rule.requires.filter((r) => !satisfied(r, facts));
    if (unmet.length > 0) {
      coverage.push({
        rule: rule.meta.id,
        title: rule.meta.title,
        missing: unmet.flatMap(sourcesOf),
        reason: unmet.map((r) => whyMissing(r, facts)).join('; '),
      });
      continue;
    }
    checked.push({ rule: rule.meta.id, title: rule.meta.title });
    findings.push(...runOne(rule, facts));
  }
  // Most severe first; within a severity, registry order (stable sort).
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { findings, coverage, checked };
}
