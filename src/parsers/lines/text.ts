// Small text helpers shared by the line-oriented parsers: lines, strict numbers, safe records.

/** Lines of a text, whatever its line ends (a paste from Windows has CRLF, an old Mac CR). */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The whitespace-separated fields of a line. */
export function fieldsOf(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * A whole number, or null: "12abc", "", "1e400" and figures beyond 2^53 (which a JSON reader
 * would silently round) are refused, so hostile or cut text never turns into a wrong figure.
 */
export function toInt(text: string | undefined): number | null {
  if (text === undefined || !INTEGER.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** A decimal figure as the kernel prints it ("0.81", "46901.13"), or null. */
export function toDecimal(text: string | undefined): number | null {
  if (text === undefined || !DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : null;
}

/**
 * A record keyed by names read from a host. It has no prototype, so a line named
 * "__proto__" or "constructor" is stored as data instead of reaching Object.prototype.
 */
export function hostRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Decode the octal escapes the kernel's seq_file writes in paths (mangle_path / seq_escape):
 * "\040" space, "\011" tab, "\012" newline, "\134" backslash. Anything else is kept as is.
 */
export function decodeOctalEscapes(text: string): string {
  return text.replace(/\\([0-3][0-7]{2})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
