// Line prefixes nobody taught the reader, learnt from the text itself and taken off its lines.
//
// Every round of pasted dumps brought a tool's prefix the reader did not know (minikube's klog
// header, the NixOS test driver's "machine # ", OpenWrt's logread, a CI runner's own stamp…).
// What they share: the same shape repeated line after line, each time followed by what the reader
// knows (a dmesg or syslog stamp, or a line only the kernel prints). So a prefix is learnt when
// at least MIN_LINES lines carry one shape (letters, digits and blanks generalised, punctuation
// kept) before kernel text; lines the reader already reads are never touched.
import { unmarkup } from './markup.js';
import { stripNamedPrefix, stripPrefix, unquote } from './prefix.js';
import { jsonFieldText, jsonRecord } from './stamp-inside.js';

/** Lines that must carry a shape before it is learnt: one or two could be prose. */
const MIN_LINES = 3;
/** Characters searched for the end of a prefix, and cut points tried in them. */
const MAX_PREFIX = 120;
const MAX_CUTS = 16;
/** Shapes learnt from one text (each block of a paste may have its own tool). */
const MAX_SHAPES = 4;
/** Unread lines examined for learning, and lines scanned for them: the cost stays bounded on a
 *  big log (a paste is short; a log of hundreds of thousands of lines is a tool's own file, whose
 *  stamps the reader knows: learning every line cost a third of the parse: bench/learn-prefix.ts). */
const MAX_EXAMINED = 5000;
const MAX_SCANNED = 20000;

// Kernel text a line may start with once its prefix is gone. Anchored and specific, so that no cut
// inside the kernel's own text qualifies (a comm starts with a word character, not "#" or ">").
const KERNEL_START = new RegExp('^(?:' + [
  String.raw`\w[\w./:-]*(?: [\w./:-]+)? invoked oom-killer`, String.raw`\w[\w./:-]*(?: [\w./:-]+)?: page allocation failure`,
  'Out of memory', 'Memory cgroup out of memory', String.raw`Killed process \d`, 'oom-kill:constraint=', 'oom_reaper: ',
  'Mem-Info:', 'Call Trace:', String.raw`CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: `, String.raw`Pid: \d+, comm: `, 'Hardware name: ',
  'Tasks state ', 'Kernel panic - not syncing', String.raw`\[<[0-9a-f]{6,}>\] `, String.raw`(?:\? )?[\w.]+\+0x[0-9a-f]+/0x[0-9a-f]+`,
].join('|') + ')');

/** A line that begins one of the kernel's own messages (no stamp needed to know it). */
export function startsKernelText(body: string): boolean {
  return KERNEL_START.test(body);
}

/** What the reader reads without help: a known stamp, or kernel text at the very start. */
export function known(line: string): boolean {
  const k = stripPrefix(line);
  return k !== null && (k.format !== 'bare' || KERNEL_START.test(k.body));
}

/**
 * The same by the named prefixes only. The learner looks at every line they do not explain, those
 * whose stamp stands behind an unnamed prefix included: the prefix learnt from them is taken off the
 * unstamped lines of the same paste too (a logging system puts it before every line).
 */
function knownByName(line: string): boolean {
  // A JSON record or field is decoded whole by the reader, never cut at a learnt shape.
  const t = line.trim();
  if ((t.startsWith('{') && jsonRecord(t) !== null) || (t.startsWith('"') && jsonFieldText(t) !== null)) return known(line);
  const k = stripNamedPrefix(line);
  return k !== null && (k.format !== 'bare' || KERNEL_START.test(k.body));
}

/** The prefix's shape: a letter run is "a", a digit run "9", blanks " ", punctuation as it is. */
function shapeOf(prefix: string): string {
  return prefix.replace(/[A-Za-z]+|\d+|\s+/g, (t) => (/[A-Za-z]/.test(t[0]) ? 'a' : /\d/.test(t[0]) ? '9' : ' '));
}

function regexOf(shape: string): RegExp {
  const parts = [...shape].map((c) => (c === 'a' ? '[A-Za-z]+' : c === '9' ? String.raw`\d+` : c === ' ' ? String.raw`\s+` : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  return new RegExp(`^${parts.join('')}`);
}

/** Where a prefix may end: after a run of blanks, or right after "]", "|" or ">". */
function cuts(line: string): number[] {
  const out: number[] = [];
  const end = Math.min(line.length - 1, MAX_PREFIX);
  for (let i = 1; i <= end && out.length < MAX_CUTS; i++) {
    const prev = line[i - 1];
    if ((/\s/.test(prev) && !/\s/.test(line[i])) || (']|>'.includes(prev) && line[i] !== ' ')) out.push(i);
  }
  return out;
}

/** The shortest prefix of an unread line after which the reader knows the rest, as a shape. */
function prefixShape(line: string): string | null {
  for (const cut of cuts(line)) {
    const shape = shapeOf(line.slice(0, cut));
    // A shape of words and numbers alone ("a 9 ") would match prose: punctuation must anchor it.
    if (/[^a9 ]/.test(shape) && knownByName(line.slice(cut))) return shape;
  }
  return null;
}

/**
 * The line without a writer's markup (markup.ts), a mail reply's quote marks and an indent: they are
 * the writer's, not the tool's,
 * and a shape that began with them would stop at the first short cut after them ("> a ").
 */
function unmarked(input: string): string {
  const line = unmarkup(input);
  const c = line.charCodeAt(0);
  return c === 62 || c === 32 || c === 9 ? unquote(line.trimStart()).trimStart() : line;
}

/** The shapes of prefixes that repeat before kernel text in these lines, most frequent first. */
export function learnPrefixes(lines: string[]): RegExp[] {
  const counts = new Map<string, number>();
  let examined = 0;
  for (const line of lines.length > MAX_SCANNED ? lines.slice(0, MAX_SCANNED) : lines) {
    if (examined >= MAX_EXAMINED) break;
    if (line.trim() === '' || knownByName(line)) continue;
    examined++;
    const shape = prefixShape(unmarked(line));
    if (shape) counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= MIN_LINES).sort((a, b) => b[1] - a[1]).slice(0, MAX_SHAPES).map(([s]) => regexOf(s));
}

/** The lines with every learnt prefix taken off (lines the reader reads as they are stay as they are). */
export function withoutLearntPrefixes(lines: string[]): string[] {
  const shapes = learnPrefixes(lines);
  if (shapes.length === 0) return lines;
  return lines.map((line) => {
    if (line.trim() === '' || knownByName(line)) return line;
    const text = unmarked(line);
    for (const re of shapes) {
      const m = re.exec(text);
      if (m) return text.slice(m[0].length);
    }
    return line;
  });
}
