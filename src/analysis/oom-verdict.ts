// What a cause reading returns (the cause and its evidence), shared by the OOM classifier's modules.
import type { OomCause } from '../parsers/kernlog-types.js';
import type { Evidence } from './types.js';

export type Verdict = { cause: OomCause; why: Evidence[] };

/** Evidence from the event's source; highlights kept only where they occur in the text. */
export type Ev = (text: string, highlight?: string[]) => Evidence;
export const evidenceFrom = (source: string): Ev => (text, highlight = []) => ({
  source, text, highlight: highlight.filter((h) => h !== '' && text.includes(h)),
});
