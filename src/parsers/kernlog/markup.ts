// HTML and Markdown a writer wrapped kernel lines in, taken off each line before anything reads it
// (the prefix learner and the line joiner): the kernel prints neither.
// A mail archive kept as HTML (MHonArc, Pipermail): "<br>" ends each line, "&nbsp;" indents,
// "&gt;" quotes. Only the tags such archives use are dropped; a kernel's own "<4>", "<TASK>" or
// "<c4>" (Code: bytes) are not HTML and stay.
const HTML_TAG = /<\/?(?:br|p|span|div|pre|a|b|i|tt|code|font)\b[^>]*>/gi;
const HTML_ENTITY: Record<string, string> = { nbsp: ' ', gt: '>', lt: '<', amp: '&', quot: '"', apos: "'" };
// Named entities above, decimal ("&#39;") and hex ("&#x27;") ones; "&amp;gt;" (escaped twice) stays "&gt;".
const ENTITY = /&(?:(nbsp|gt|lt|amp|quot|apos)|#(\d{1,6})|#[xX]([0-9a-fA-F]{1,6}));/g;

function fromHtml(line: string): string {
  if (!line.includes('<') && !line.includes('&')) return line;
  return line.replace(HTML_TAG, '').replace(ENTITY, (_, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
    name ? HTML_ENTITY[name] : String.fromCodePoint(Math.min(Number.parseInt(dec ?? hex ?? '0', dec ? 10 : 16), 0x10ffff)));
}

// The one place that names the shapes of a writer's markup around log lines: the paste splitter
// (src/archive/paste-shapes.ts), the line reader (prefix.ts), the log-file sniffer
// (src/archive/logfile.ts) and unmarkup below build their patterns from these, so they cannot drift.
/** A Markdown list item's marker: a bullet ("- ", "* ", "+ ", "• "). */
export const BULLET_SOURCE = String.raw`[-*+\u2022]\s+`;
/** A bullet or a numbered item ("1. ", "1) "), a blog's line number ("  1. <4>[12345.342532] …"). */
export const LIST_ITEM_SOURCE = String.raw`(?:\d{1,5}[.)]|[-*+\u2022])\s+`;
/** An opening quotation mark a writer put before a log line quoted in a sentence. */
export const OPEN_QUOTE_SOURCE = String.raw`["\u201c\u201e']`;
/**
 * A terminal's colour and cursor codes (ANSI CSI: "\x1b[33m"), which a captured session keeps (script,
 * tmux, CI logs of `dmesg --color=always` or a coloured journalctl): taken off the whole text.
 */
// eslint-disable-next-line no-control-regex
const ANSI_CSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
export function withoutAnsi(text: string): string {
  return text.includes('\u001b[') ? text.replace(ANSI_CSI, '') : text;
}
/** Markdown's code fences (``` or ~~~, any length, with or without a language): no kernel line looks like one. */
export const FENCE = /^(?:`{3,}|~{3,})[\w+.#-]*$/;

// Markdown around a line (a writer's markup, never the kernel's): an inline code span holding the
// whole line ("`[  12.3] text`"), and a list item's bullet ("- ", "* ", "+ ", "• "). Quote marks and
// the indent before them are kept (the reader and the joiner know them).
const CODE_SPAN = /^([\s>]*)`+([^`].*?)`+\s*$/;
const BULLET = new RegExp(String.raw`^([\s>]*)${BULLET_SOURCE}(?=\S)`);

function fromMarkdown(line: string): string {
  const span = line.includes('`') ? CODE_SPAN.exec(line) : null;
  const text = span ? span[1] + span[2] : line;
  return BULLET.test(text) ? text.replace(BULLET, '$1') : text;
}

/** The line without the HTML tags, entities and Markdown spans and bullets a writer put around it. */
export function unmarkup(line: string): string {
  return fromMarkdown(fromHtml(line));
}
