// Host text made safe to show: control characters stripped, sizes capped, highlights split out.

export interface CappedText {
  text: string;
  /** Bytes (UTF-8) of the whole text before the cut. */
  totalBytes: number;
  /** Bytes kept, equal to totalBytes when nothing was cut. */
  keptBytes: number;
  cut: boolean;
}

/** The head of `text` within `maxBytes` UTF-8 bytes, cut at the last line end that fits. */
export function capText(text: string, maxBytes: number): CappedText {
  const buffer = Buffer.from(text, 'utf8');
  const totalBytes = buffer.length;
  if (totalBytes <= maxBytes) return { text, totalBytes, keptBytes: totalBytes, cut: false };
  let head = buffer.subarray(0, Math.max(0, maxBytes)).toString('utf8');
  // A cut inside a multi-byte character decodes to U+FFFD at the end: drop it.
  head = head.replace(/\ufffd$/, '');
  const lastNewline = head.lastIndexOf('\n');
  if (lastNewline > head.length / 2) head = head.slice(0, lastNewline + 1);
  return { text: head, totalBytes, keptBytes: Buffer.byteLength(head, 'utf8'), cut: true };
}

export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * `text` split into plain and marked runs: every occurrence of each highlight is marked
 * (longest first where they overlap), so the template wraps marked runs in <mark>.
 */
export function highlightSegments(text: string, highlights: readonly string[] = []): Segment[] {
  const marked = new Array<boolean>(text.length).fill(false);
  const needles = [...new Set(highlights)].filter((h) => h.length > 0).sort((a, b) => b.length - a.length);
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
      marked.fill(true, at, at + needle.length);
    }
  }
  const segments: Segment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = segments[segments.length - 1];
    if (last && last.mark === marked[i]) last.text += text[i];
    else segments.push({ text: text[i] as string, mark: marked[i] as boolean });
  }
  return segments;
}
