// Option values shared by the commands that write: report formats, whole numbers.
import { UsageError } from '../errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/render-formats.js';

/** `html,md` -> ['html', 'md']; an unknown name is a usage error that lists the known ones. */
export function parseFormats(text: string): ReportFormat[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(REPORT_FORMATS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`unknown report format '${unknown.join(',') || text}'`, { expected: REPORT_FORMATS.join(', '), found: text });
  }
  return [...new Set(names)] as ReportFormat[];
}

export function positiveInt(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number ≥ 1`, { expected: '1, 2, 3…', found: String(value) });
  return n;
}
