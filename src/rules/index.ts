// The rule registry: every rule, sorted by id. Registering a rule is one line.
import type { Rule, RuleMeta } from './define.js';
import lowmemExhaustion from './lowmem-exhaustion.js';

export const rules = [
  lowmemExhaustion,
] as unknown as readonly Rule<RuleMeta>[];
