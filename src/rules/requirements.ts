// Named facts a rule can require, each with the probes that would have provided it.
import { KERNEL_LOG_SOURCES } from '../facts/sources.js';
import type { Facts } from '../facts/types.js';
import type { Requirement } from './define.js';

interface NamedFact {
  /** The sources any one of which provides it. */
  sources: readonly string[];
  has(facts: Facts): boolean;
}

const fromAny = (sources: readonly string[]): NamedFact => ({
  sources,
  has: (facts) => sources.some((id) => facts.bySource.has(id)),
});

/** Fact names (not source ids) rules may require. */
export const NAMED_FACTS: Record<string, NamedFact> = {
  'kernel-log': fromAny(KERNEL_LOG_SOURCES),
  memory: fromAny(['proc-meminfo', 'free']),
  slab: fromAny(['proc-slabinfo', 'slabtop']),
  'oom-events': {
    sources: KERNEL_LOG_SOURCES,
    has: (facts) => facts.oomEvents.length > 0,
  },
};

/** The sources that would satisfy a requirement. */
export function sourcesOf(requirement: Requirement): string[] {
  const names = typeof requirement === 'string' ? [requirement] : [...requirement];
  return names.flatMap((name) => NAMED_FACTS[name]?.sources ?? [name]);
}

export function satisfied(requirement: Requirement, facts: Facts): boolean {
  const names = typeof requirement === 'string' ? [requirement] : [...requirement];
  return names.some((name) => NAMED_FACTS[name]?.has(facts) ?? facts.bySource.has(name));
}

/** Why each source of an unmet requirement was not there, from facts.missing. */
export function whyMissing(requirement: Requirement, facts: Facts): string {
  return sourcesOf(requirement)
    .map((id) => {
      const m = facts.missing.find((entry) => entry.source === id);
      return m ? `${id}: ${m.status} (${m.reason})` : `${id}: present, but without the needed facts`;
    })
    .join('; ');
}
