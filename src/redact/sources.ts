// Redaction of a SourceSet read by `analyze` (an old archive, a sosreport, a paste): the texts only.
import type { SourceSet } from '../archive/types.js';
import { redactText } from './text.js';

/** The same set with every source's text masked; the count is what was masked. */
export function redactSourceSet(set: SourceSet): { set: SourceSet; count: number } {
  let count = 0;
  const sources = new Map(set.sources);
  for (const [id, source] of set.sources) {
    const result = redactText(source.text);
    const n = Object.values(result.counts).reduce((a, b) => a + b, 0);
    if (n === 0) continue;
    count += n;
    sources.set(id, { ...source, text: result.text });
  }
  return { set: { ...set, sources }, count };
}
