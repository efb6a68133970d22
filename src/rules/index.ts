// The rule registry: every rule, sorted by id. Registering a rule is one line.
import type { Rule, RuleMeta } from './define.js';

export const rules: readonly Rule<RuleMeta>[] = [
] as Rule<RuleMeta>[];
