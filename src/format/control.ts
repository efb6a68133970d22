// Host text made safe for a terminal or a page: control characters and bidi overrides replaced.

// C0 controls except tab and newline, DEL, C1 controls (0x80-0x9f: 8-bit CSI reaches some
// terminals), and the bidi overrides/isolates that can make a line read differently than it is.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text with every control character replaced by U+FFFD (CR LF line ends become LF first). */
export function stripControl(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, '\ufffd');
}

/** One line of host text: controls stripped and newlines folded into spaces. */
export function oneLine(text: string): string {
  return stripControl(text).replace(/[\n\t]+/g, ' ');
}
