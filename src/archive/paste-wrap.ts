// Lines a mailer, a forum or a terminal wrapped at a fixed width: the width, and where a line was cut.
//
// Mail is wrapped at 72, 76 or 78 columns at a blank (the blank dropped), a terminal or a fixed-width
// web view cuts at its width mid-word. A text is taken as wrapped when several of its lines reach
// the same longest length (within a word's reach of it) and no line is longer: then a line followed
// by one whose first word would not have fit on it was cut there. The kernel reader and the paste
// splitter share this, so a wrapped kernel line stays in its section and is rejoined.
import { DMESG_LINE, SYSLOG_LINE } from './paste-shapes.js';

const STAMPED = { test: (l: string): boolean => DMESG_LINE.test(l) || SYSLOG_LINE.test(l) };

/**
 * A line that may be the rest of the one before: text with no stamp of its own, not indented (dmesg
 * indents a multi-line printk's own next lines: " active_file:…" under Mem-Info is no wrap).
 */
const continued = (next: string | undefined, indented = false): boolean =>
  next !== undefined && next.trim() !== '' && (indented || !/^\s/.test(next)) && !STAMPED.test(next);

/** Lines read to learn the width. */
const MAX_SCANNED = 20000;
/** Widths wrapping tools use; a longer line is not a wrap. */
const MIN_WIDTH = 60;
const MAX_WIDTH = 200;
/** Lines that must reach the width's neighbourhood before a text counts as wrapped. */
const MIN_FULL = 2;
/** How far below the width a word-wrapped line may stop (the next word did not fit). */
const REACH = 16;

export interface Wrap {
  width: number;
  /** A terminal cut mid-word (lines of exactly the width): the rest joins with no blank. */
  midWord: boolean;
}

/** The width the text was wrapped at, or null when it was not wrapped. */
export function wrapOf(all: string[]): Wrap | null {
  // A paste is short; a log of hundreds of thousands of lines is a tool's own file, never wrapped:
  // its first lines are enough to tell, and the cost stays bounded.
  const lines = all.length > MAX_SCANNED ? all.slice(0, MAX_SCANNED) : all;
  // The longest line followed by one with no stamp: a token longer than the width (a cgroup path)
  // stays whole on a line of its own, longer than the width, followed by the next stamped line.
  let width = 0;
  lines.forEach((l, i) => {
    const len = l.trimEnd().length;
    if (len <= MAX_WIDTH && len > width && continued(lines[i + 1])) width = len;
  });
  if (width < MIN_WIDTH) return null;
  const full = lines.filter((l) => l.trimEnd().length >= width - REACH && l.trimEnd().length <= width);
  if (full.length < MIN_FULL) return null;
  // The pieces cut: long lines followed by a line with no stamp. A terminal cuts every one at exactly
  // the width; a word wrap stops short of it unless a word happens to end there.
  let pieces = 0;
  let exact = 0;
  lines.forEach((l, i) => {
    const next = lines[i + 1];
    // (A terminal's rest may start with the blank it was cut before: counted here.)
    if (l.trimEnd().length < width - REACH || l.trimEnd().length > width || !continued(next, true)) return;
    pieces++;
    // (A terminal keeps the blanks before its cut: the line's own length, not its trimmed one.)
    if (l.length === width || l.trimEnd().length === width) exact++;
  });
  return { width, midWord: exact >= MIN_FULL && exact >= 0.7 * pieces };
}

/** Whether `next` is the rest of `prev`, cut at the wrap: its first word would not have fit. */
export function cutAt(prev: string, next: string, wrap: Wrap): boolean {
  const p = prev.trimEnd();
  if (next.trim() === '') return false;
  if (wrap.midWord) return prev.length === wrap.width || p.length === wrap.width;
  // A short line is a line's own end, whatever follows it; a long word may push the cut far back.
  if (p.length <= wrap.width / 2) return false;
  // A word wrap drops the blank it cuts at: a rest never starts with one. An indented line after a
  // stamped one is a multi-line printk's own next line (dmesg's " active_file:…" under Mem-Info).
  // (Quote marks, and a code span's backtick around the line, are the writer's: looked past.)
  const quote = /^(?:[ \t]*>)+[ \t]?/.exec(next);
  const rest = (quote ? next.slice(quote[0].length) : next).replace(/^`+/, '');
  if (/^\s/.test(rest)) return false;
  const word = /^\S+/.exec(rest)?.[0].length ?? 0;
  return p.length + 1 + word > wrap.width;
}
