// Sources -> facts -> rules -> the analysis document. (Placeholder until the diagnosis issue.)
import type { SourceSet } from '../archive/types.js';
import { ANALYSIS_SCHEMA, type Analysis } from './types.js';

export function analyze(input: SourceSet): Analysis {
  return {
    document: {
      schema: ANALYSIS_SCHEMA,
      host: { name: null, kernel: null, arch: null, bits: null },
      oomEvents: [],
      findings: [],
      coverage: [],
      collectedAt: input.manifest?.startedAt ?? null,
      input: { kind: input.kind, location: input.location, sources: [...input.sources.keys()].sort() },
    },
    facts: {
      host: { name: null, kernel: null, arch: null, bits: null, os: null, cpus: null, uptimeSeconds: null },
      bySource: new Map(),
      parsed: {},
      oomEvents: [],
      unparsed: [],
      missing: [],
    },
    input,
  };
}
