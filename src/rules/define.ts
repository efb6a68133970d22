// The rule shape (ESLint-style): meta with every sentence the rule can say, then check(facts).
import { InternalError } from '../errors.js';
import type { Facts } from '../facts/types.js';
import type { Evidence, Severity } from '../analysis/types.js';

export interface AdviceMeta {
  /** Templated sentence: {{name}} is filled from the report's data. */
  text: string;
  /** Exact commands (templated too); hostsnap never runs them. */
  commands?: string[];
  preconditions?: string;
  risk?: string;
}

export interface RuleMeta {
  /** kebab-case; names src/rules/ID.ts, test/rules/ID.test.ts, docs/rules/ID.md. */
  id: string;
  severity: Severity;
  title: string;
  description: string;
  messages: Record<string, string>;
  advice: Record<string, AdviceMeta>;
}

/** A requirement: a source id or fact name (see requirements.ts); an array means "any of". */
export type Requirement = string | readonly string[];

export type TemplateData = Record<string, string | number>;

export interface ReportSpec<M extends RuleMeta> {
  messageId: keyof M['messages'] & string;
  data: TemplateData;
  evidence: Evidence[];
  /** Advice ids in the order the operator should read them. */
  advice?: Array<keyof M['advice'] & string>;
  /** Overrides meta.severity for this finding (e.g. a warning-level case of a critical rule). */
  severity?: Severity;
}

export interface RuleContext<M extends RuleMeta> {
  report(spec: ReportSpec<M>): void;
}

export interface Rule<M extends RuleMeta = RuleMeta> {
  meta: M;
  requires: readonly Requirement[];
  check(facts: Facts, context: RuleContext<M>): void;
}

export function defineRule<const M extends RuleMeta>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Fill {{name}} placeholders; a missing name is a bug in the rule, not a host problem. */
export function fillTemplate(template: string, data: TemplateData, where: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw new InternalError(`${where}: template needs {{${name}}}`);
    return String(value);
  });
}
