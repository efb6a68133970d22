// Facts: every source's parse outcome, plus the merged views rules and the report read.
import type { FactsOf, ParserName } from '../parsers/index.js';
import type { OomEvent } from '../parsers/kernlog-types.js';
import type { Unparsed } from '../parsers/types.js';

/** Who the host is, merged from uname, os-release, nproc, the pidstat banner and the log. */
export interface HostFacts {
  name: string | null;
  kernel: string | null;
  arch: string | null;
  bits: 32 | 64 | null;
  os: string | null;
  cpus: number | null;
  uptimeSeconds: number | null;
}

/** A source that was read but not understood, or that the collection could not get. */
export interface MissingSource {
  source: string;
  /** 'absent': nothing of it in the input; 'unparsed': text there but not understood;
   *  'failed': the probe ran and failed (missing tool, denied, timed out). */
  status: 'absent' | 'unparsed' | 'failed';
  reason: string;
}

export interface Facts {
  host: HostFacts;
  /** Parsed facts by source id: facts.bySource.get('proc-pressure-memory'). */
  bySource: Map<string, unknown>;
  /** Parsed facts by parser name, for single-source parsers: facts.parsed.meminfo. */
  parsed: { [N in ParserName]?: FactsOf<N> };
  /** OOM events of every kernel-log source, merged and de-duplicated, oldest first. */
  oomEvents: OomEvent[];
  /** The source id (dmesg, kern-log) each of oomEvents was read from, same index. */
  oomEventSources: string[];
  unparsed: Array<Unparsed & { source: string }>;
  missing: MissingSource[];
}
