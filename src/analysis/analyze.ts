// Sources -> facts -> OOM classification -> rules -> the analysis document.
import type { SourceSet } from '../archive/types.js';
import { buildFacts } from '../facts/build.js';
import { rules } from '../rules/index.js';
import { runRules } from '../rules/run.js';
import { classifyAll } from './classify-oom.js';
import { manifestNotices } from './manifest-notices.js';
import { partlyRead } from './partly-read.js';
import { ANALYSIS_SCHEMA, type Analysis } from './types.js';

export function analyze(input: SourceSet): Analysis {
  const facts = buildFacts(input);
  // Classify before the rules run: rules read each event's constraint and cause.
  const free = facts.parsed.free;
  facts.oomEvents = classifyAll(facts.oomEvents, facts.oomEventSources, {
    bits: facts.host.bits,
    free: free && free.memTotalKb !== null && free.memFreeKb !== null
      ? { memTotalKb: free.memTotalKb, memFreeKb: free.memFreeKb, swapTotalKb: free.swapTotalKb, swapFreeKb: free.swapFreeKb }
      : null,
  });
  const { findings, coverage, checked } = runRules(rules, facts);
  const { name, kernel, arch, bits } = facts.host;
  return {
    document: {
      schema: ANALYSIS_SCHEMA,
      host: { name, kernel, arch, bits },
      oomEvents: facts.oomEvents,
      findings: [...manifestNotices(input.manifest), ...findings],
      coverage,
      checked,
      partlyRead: partlyRead(facts),
      collectedAt: input.manifest?.startedAt ?? null,
      input: { kind: input.kind, location: input.location, sources: [...input.sources.keys()].sort(), ...(input.sos ? { sos: input.sos } : {}) },
    },
    facts,
    input,
  };
}
