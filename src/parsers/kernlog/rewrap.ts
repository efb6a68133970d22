// Kernel lines a mailer or a terminal wrapped at a fixed width, joined again before they are read.
// (A cut that left a blank at the end or a "(" open is the line joiner's, unwrap.ts; this one needs
// the text's width: src/archive/paste-wrap.ts.)
import { cutAt, wrapOf } from '../../archive/paste-wrap.js';
import { known } from './learn-prefix.js';
import { unmarkup } from './markup.js';
import { unquote } from './prefix.js';

/** Pieces joined into one line at most: a kernel line is at most 1024 characters. */
const MAX_PIECES = 12;

/**
 * A word longer than the width, broken at it by a mailer that hard-breaks such words (a cgroup path,
 * a hex dump): the piece fills the width and holds no blank in its second half. Its rest is glued.
 */
function overlong(piece: string, width: number): boolean {
  const p = piece.trimEnd();
  return p.length === width && !/\s/.test(p.slice(-Math.floor(width / 2)));
}

/**
 * `lines` (prefixes already taken off) with each wrapped kernel line whole again: a line without a
 * stamp that is no kernel message's start, following a cut kernel line, is its rest. `original`
 * holds the lines as pasted (their lengths show the wrap). A joined piece leaves an empty line in
 * its place, so line numbers still name the paste's lines.
 */
export function rejoinWrapped(original: string[], lines: string[]): string[] {
  const wrap = wrapOf(original);
  if (!wrap) return lines;
  const out = [...lines];
  let head = -1;
  let last = -1;
  let pieces = 0;
  for (let i = 1; i < lines.length; i++) {
    // The cheap test (lengths) first: stripPrefix (known) runs only on the lines around a cut.
    if (original[i - 1].length < wrap.width / 2 || !cutAt(original[i - 1], original[i], wrap) || known(lines[i])) continue;
    const h = last === i - 1 ? head : known(lines[i - 1]) ? i - 1 : -1;
    if (h === -1) continue;
    if (h !== head) pieces = 0;
    if (pieces >= MAX_PIECES) continue;
    // Markup around each piece (a code span per line) goes first, or it would end up mid-line.
    // A terminal's cut may fall right before a blank: the rest keeps it (only quote marks go).
    const piece = unmarkup(lines[i]);
    const text = wrap.midWord ? piece.replace(/^(?:>[ \t]?)+/, '') : unquote(piece.trimStart());
    const start = pieces === 0 ? unmarkup(out[h]) : out[h];
    // A terminal's cut keeps every character (a blank at the cut stays on one side); a word wrap
    // dropped the blank it broke at, unless it kept it at the line's end (format=flowed).
    out[h] = wrap.midWord ? start + text
      : overlong(original[i - 1], wrap.width) ? start + text.trimStart() : `${start.trimEnd()} ${text.trim()}`;
    out[i] = '';
    head = h;
    last = i;
    pieces++;
  }
  return out;
}
