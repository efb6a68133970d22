// The analysis: what `hostsnap analyze --format json` prints (schema hostsnap/analysis@1).
import type { OomEvent } from '../parsers/kernlog-types.js';

export const ANALYSIS_SCHEMA = 'hostsnap/analysis@1';

export type Severity = 'critical' | 'warning' | 'info';

export interface Evidence {
  /** The source id or file it came from: kern.log, proc-meminfo, free… */
  source: string;
  /** The line or figure that proves it, as the host printed it (untrusted). */
  text: string;
  /** Substrings of `text` that carry the decisive figures (the report highlights them). */
  highlight?: string[];
}

export interface Advice {
  /** The rule's advice id (its meta.advice key), stable for tests and tools. */
  id?: string;
  text: string;
  /** Exact commands, never run by hostsnap; empty when the advice is words only. */
  commands: string[];
  /** What must hold before applying it, and what can go wrong. */
  preconditions?: string;
  risk?: string;
}

export interface Finding {
  /** Stable, kebab-case, one per rule. */
  id: string;
  severity: Severity;
  title: string;
  summary: string;
  evidence: Evidence[];
  advice: Advice[];
  /** The rule's message id (its meta.messages key) that produced the summary. */
  messageId?: string;
}

/** A rule that ran on the facts (found something or not). */
export interface CheckedRule {
  rule: string;
  title: string;
}

/** A rule that could not run, and which probe would have decided it. */
export interface CoverageGap {
  rule: string;
  title: string;
  missing: string[];
  reason: string;
}

export interface AnalysisHost {
  name: string | null;
  kernel: string | null;
  arch: string | null;
  bits: 32 | 64 | null;
}

/** The JSON contract. Fields may be added, never changed. */
export interface AnalysisDocument {
  schema: typeof ANALYSIS_SCHEMA;
  host: AnalysisHost;
  oomEvents: OomEvent[];
  findings: Finding[];
  coverage: CoverageGap[];
  /** The rules that ran; with coverage, every registered rule appears in exactly one of the two. */
  checked: CheckedRule[];
  /** When the data was collected (manifest start), null for logs and pastes. */
  collectedAt: string | null;
  /** What was read: kind and location of the input, sources found. */
  input: { kind: string; location: string; sources: string[]; sos?: import('../archive/sosreport.js').SosInfo };
  /** Sources read only in part: which lines or figures were not read, and why. */
  partlyRead: import('./partly-read.js').PartlyRead[];
}

/** The whole analysis in memory: the contract document plus what the report needs to show. */
export interface Analysis {
  document: AnalysisDocument;
  facts: import('../facts/types.js').Facts;
  input: import('../archive/types.js').SourceSet;
}

/**
 * An OOM event after classification: the contract's constraint and cause filled in, plus why.
 * Stored in AnalysisDocument.oomEvents (a structural OomEvent, so the contract holds).
 */
export type ClassifiedOomEvent = OomEvent & {
  /** True when the kernel printed no constraint and analysis inferred it (pre-4.x kernels). */
  constraintInferred: boolean;
  /** The reasoning behind constraint and cause: the lines and figures that decided them. */
  why: Evidence[];
};
