// Sources read only in part: a parser kept the rest, and said which lines or figures it could not read.
import type { Facts } from '../facts/types.js';
import type { Unread } from '../parsers/table/unread.js';

/** One source whose parser read most of it but not all: how many lines, the first few and why. */
export interface PartlyRead {
  source: string;
  count: number;
  examples: Unread['examples'];
}

function isUnread(value: unknown): value is Unread {
  if (typeof value !== 'object' || value === null) return false;
  const u = value as Partial<Unread>;
  return typeof u.count === 'number' && Array.isArray(u.examples);
}

/**
 * Every parsed source whose facts carry a non-empty `unread` (free, vmstat, pidstat, ps, slabtop
 * today): a figure that does not parse leaves the row or source "partly read", never silently
 * short. Sorted by source id, like the rest of the coverage.
 */
export function partlyRead(facts: Facts): PartlyRead[] {
  const out: PartlyRead[] = [];
  for (const [source, parsed] of facts.bySource) {
    const unread = (parsed as { unread?: unknown } | null)?.unread;
    if (isUnread(unread) && unread.count > 0) out.push({ source, count: unread.count, examples: unread.examples });
  }
  // Source ids are ASCII: code-point order, as localeCompare's, without ICU's collator (~25 ms at first use).
  return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** The coverage sentence: "3 lines not read, e.g. `Mem: total abc`: 'abc' under total is not a size". */
export function partlyReadReason(p: PartlyRead): string {
  const first = p.examples[0];
  const lines = p.count === 1 ? '1 line not read' : `${p.count} lines not read`;
  return first ? `${lines}, e.g. "${first.line}": ${first.reason}` : lines;
}
