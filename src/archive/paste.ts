// Pasted text that mixes command outputs and prose (a ticket, a forum post): sections by shape.
import { withoutAnsi } from '../parsers/kernlog/markup.js';
import { cutAt, wrapOf, type Wrap } from './paste-wrap.js';
import { commandHint, isProse, SHAPES, type Shape } from './paste-shapes.js';
import type { SourceSet, SourceText } from './types.js';

interface Section {
  id: string;
  /** 1-based line numbers of the first and last line kept. */
  first: number;
  last: number;
  lines: string[];
  /** The `# command` line that announced it, when there was one. */
  command: string | null;
  shape: Shape | null;
}

/** A hinted source with no shape of its own (nproc, pressure…): its lines run to a blank or prose. */
function genericShape(id: string): Shape {
  const output = (line: string): boolean => line.trim() !== '' && !isProse(line) && commandHint(line) === null;
  return { id, start: output, continues: output, headerless: true };
}

function nextNonBlank(lines: string[], from: number): string | undefined {
  for (let i = from; i < lines.length; i++) if (lines[i].trim() !== '') return lines[i];
  return undefined;
}

/**
 * A mail kept in its quoted-printable transfer encoding (a list archive's raw message): "=3D" for
 * "=", "=09" for a tab, and "=" at a line's end where the encoder broke a long line. No command
 * output prints "=3D", so a text that has it is decoded whole before it is split.
 */
export function decodeQuotedPrintable(text: string): string {
  if (!text.includes('=3D')) return text;
  return text.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Quote marks of a mail reply, any depth ("> ", ">> ", "> > "). */
const MAIL_QUOTE = /^(?:>[ \t]?)+/;

/** Line i has no quote marks, but the lines around it have: a quoted line the mailer wrapped. */
function wrappedQuote(lines: string[], i: number): boolean {
  const quoted = (l: string | undefined): boolean => l !== undefined && MAIL_QUOTE.test(l);
  return lines[i].trim() !== '' && !quoted(lines[i]) && quoted(lines[i - 1]) && quoted(lines[i + 1]);
}

/** A line cut short: it ends in a blank (format=flowed) or leaves a "(" open (a hard wrap mid-word). */
function leftOpen(line: string): boolean {
  if (line.trim() === '' || line.endsWith(' ')) return line.trim() !== '';
  return (line.match(/\(/g)?.length ?? 0) > (line.match(/\)/g)?.length ?? 0);
}

/**
 * The header line of a dump pasted without its stamp (the writer cut it, or a code fence opened on
 * it) right above a kernel section's first line: the kernel reader reads it as the dump's header.
 */
function takeHeaderAbove(open: Section, lines: string[], i: number, sections: Section[], wrap: Wrap | null): void {
  if (!open.shape?.kernel || i === 0) return;
  // The header itself may have been wrapped: its pieces, cut at the text's width, come between.
  let h = i - 1;
  while (h > 0 && i - h < MAX_HEADER_PIECES && wrap !== null && !BARE_HEADER.test(lines[h]) && cutAt(lines[h - 1], lines[h], wrap)) h--;
  if ((sections[sections.length - 1]?.last ?? 0) > h || !BARE_HEADER.test(lines[h])) return;
  open.lines.unshift(...lines.slice(h, i));
  open.first = h + 1;
}

/** Pieces of a wrapped header taken back above a section (a header is one line of at most ~200 characters). */
const MAX_HEADER_PIECES = 4;

/** Split pasted text into sections, each tagged with the source id its shape (or hint) names. */
export function splitPaste(text: string): Section[] {
  const lines = decodeQuotedPrintable(withoutAnsi(text).replace(/\r\n?/g, '\n')).split('\n');
  const sections: Section[] = [];
  let open: Section | null = null;
  let hint: { command: string; source: string | undefined } | null = null;
  const wrap = wrapOf(lines);

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\s+$/, '');
    // A command's output quoted in a mail reply ("> total used free …") has the shape of the text
    // after the quote marks. Kernel lines keep them (their shapes and the kernel-log reader know
    // quote marks; a quoted log with nothing else goes to that reader whole, wraps and all).
    const unquoted = raw.replace(MAIL_QUOTE, '');
    const line = open?.shape && !open.shape.kernel ? unquoted : raw;
    if (open?.shape) {
      if (open.shape.continues(line)) {
        open.lines.push(open.shape.kernel ? lines[i] : line);
        open.last = i + 1;
        continue;
      }
      // A kernel line cut by a mailer or a forum goes on in the next line, which has no stamp of its
      // own: the cut left a blank at the end or a "(" open ("gfp_mask=0x15080c0(GFP_KE" / "> RNEL_…").
      // Kept for the kernel reader, which joins the two (src/parsers/kernlog/unwrap.ts).
      // So does a line cut at the text's wrap width (paste-wrap.ts) with no sign left at its end.
      if (open.shape.kernel && line.trim() !== '' && (leftOpen(open.lines[open.lines.length - 1]) || (wrap !== null && open.last === i && !isProse(line) && cutAt(lines[i - 1], lines[i], wrap)))) {
        open.lines.push(lines[i]);
        open.last = i + 1;
        continue;
      }
      // The mailer wrapped a quoted line: its rest has no quote marks and is followed by more of
      // the quoted output ("> Mem: 8300144 910360 7389784 0 10588" / "39460 -/+ buffers/cache: …"
      // / "> Swap: …"). Kept in the section, where the parser says what it could not read.
      if (!open.shape.kernel && wrappedQuote(lines, i) && open.shape.continues(lines[i + 1].replace(MAIL_QUOTE, ''))) {
        open.lines.push(line);
        continue;
      }
      // A blank line inside a section (pidstat between reports, free -s) when the section goes on.
      const next = nextNonBlank(lines, i + 1);
      if (line === '' && next !== undefined && open.shape.continues(next) && commandHint(next) === null) {
        open.lines.push(line);
        continue;
      }
      open = null;
    }
    // A quoted kernel line ("> Jan  5 02:12:02 web1 kernel: …") opens a kernel section (kernel shapes
    // read through quote marks), before PROMPT below takes "> " for a shell prompt.
    const quotedShape = unquoted !== raw ? SHAPES.find((s) => (s.kernel ? s.start(raw) : s.start(unquoted))) : undefined;
    if (quotedShape) {
      open = { id: quotedShape.id, first: i + 1, last: i + 1, lines: [quotedShape.kernel ? lines[i] : unquoted], command: hint?.command ?? null, shape: quotedShape };
      takeHeaderAbove(open, lines, i, sections, wrap);
      sections.push(open);
      hint = null;
      continue;
    }
    const announced = commandHint(raw);
    if (announced) {
      hint = announced;
      continue;
    }
    if (raw.trim() === '') continue;
    if (isProse(raw)) {
      hint = null;
      continue;
    }
    const hinted = hint?.source ? SHAPES.find((s) => s.id === hint?.source) ?? genericShape(hint.source) : null;
    const byHint: boolean | null = hinted && (hinted.start(raw) || (hinted.headerless === true && hinted.continues(raw)));
    const shape: Shape | undefined = byHint && hinted ? hinted : SHAPES.find((s) => s.start(raw));
    if (!shape) continue;
    open = { id: shape.id, first: i + 1, last: i + 1, lines: [shape.kernel ? lines[i] : raw], command: hint?.command ?? null, shape };
    takeHeaderAbove(open, lines, i, sections, wrap);
    sections.push(open);
    hint = null;
  }
  return sections;
}

/**
 * free and vmstat print bare numbers whose unit depends on the command line (-m, -g, -S M): their
 * parsers read an echoed "# free -m" line first, so the section keeps it.
 */
const KEEPS_COMMAND = new Set(['free', 'vmstat']);

/** Sections of one source are joined in order; the origin names the paste's lines. */
export function readPaste(text: string, location: string): SourceSet {
  const sources = new Map<string, SourceText>();
  for (const section of splitPaste(text)) {
    const where = `paste:lines ${section.first}-${section.last}${section.command ? ` (${section.command})` : ''}`;
    const seen = sources.get(section.id);
    const head = section.command && KEEPS_COMMAND.has(section.id) ? [`# ${section.command}`] : [];
    const body = [...head, ...section.lines].join('\n') + '\n';
    sources.set(section.id, seen
      ? { ...seen, text: seen.text + body, origin: `${seen.origin}, ${where}` }
      : { id: section.id, text: body, origin: where });
  }
  // Kernel OOM lines pasted without any stamp ("Memory cgroup out of memory: Kill process …" as a
  // log-based alert matched it) form no stamped section: the kernel-log reader gets the whole text,
  // which it reads line by line, skipping what is not the kernel's.
  if (!sources.has('dmesg') && !sources.has('kern-log') && BARE_OOM.test(text)) {
    sources.set('dmesg', { id: 'dmesg', text, origin: 'paste:whole text (kernel OOM lines without stamps)' });
  }
  return { kind: 'paste', location, manifest: null, sources };
}

// A dump's first line without a stamp, after any quote or Markdown marks.
// A prefix a logging system put before it may stand in front of the comm.
const BARE_HEADER = /^[\s>`"'*+-]*\S.*? invoked oom-killer|^[\s>`"'*+-]*(?:\S.*? )?\S+: page allocation failure/;
const BARE_OOM = /invoked oom-killer|[Oo]ut of memory|oom-kill:constraint=|Killed process \d|page allocation failure/;
