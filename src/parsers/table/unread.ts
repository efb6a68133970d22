// What a parser saw but could not read (a figure, a row): the source is then "partly read", with why.

/** One line that was not (wholly) read, and why; the line is cut to keep the report small. */
export interface UnreadLine { line: string; reason: string }

/** Counted, the first few kept: a parser's facts carry this where a figure or row can be lost. */
export interface Unread { count: number; examples: UnreadLine[] }

const KEPT = 5;
const LINE_CHARS = 200;

export function noUnread(): Unread {
  return { count: 0, examples: [] };
}

/** Record a line that was not read; only the first few are kept, every one is counted. */
export function noteUnread(unread: Unread, line: string, reason: string): void {
  unread.count++;
  if (unread.examples.length < KEPT) unread.examples.push({ line: line.trim().slice(0, LINE_CHARS), reason });
}
