// Safe, bounded file names from untrusted host names, and the UTC timestamp in archive names.

/** A name part is at most this long: HOST-TIMESTAMP.tar.gz stays well under NAME_MAX (255). */
export const MAX_HOST_PART = 64;

/**
 * Keeps ASCII letters, digits, '.', '_' and '-'; every other run (/, \, markup, spaces, control
 * and non-ASCII characters) becomes one '_'. Runs of dots collapse (no '..'), and leading dots
 * and dashes go (no hidden files, nothing read as an option). Never empty: 'host'.
 */
export function safeHostPart(name: string | null | undefined): string {
  const cleaned = (name ?? '')
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+/, '')
    .slice(0, MAX_HOST_PART)
    .replace(/[._-]+$/, '');
  return cleaned === '' ? 'host' : cleaned;
}

/** 2026-11-26T01:49:56.123Z -> 20261126T014956Z (UTC, sortable, no ':' for other file systems). */
export function compactTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** `HOST-TIMESTAMP`: the archive's top folder and the base name of its archive and reports. */
export function snapshotBaseName(host: string | null | undefined, date: Date): string {
  return `${safeHostPart(host)}-${compactTimestamp(date)}`;
}

/** Source ids are catalogue ids: lower-case words joined by '-'. Anything else is not a source. */
export function isSourceId(id: string): boolean {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) && id.length <= 64;
}
