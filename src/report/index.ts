// Renderers by format: one function turns an Analysis into the text of a report.
import type { Analysis } from '../analysis/types.js';

export type ReportFormat = 'html' | 'md' | 'json' | 'text';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'text'];

/** File extension of each format's report written beside an archive. */
export const REPORT_EXTENSION: Record<ReportFormat, string> = { html: 'html', md: 'md', json: 'json', text: 'txt' };

export function render(analysis: Analysis, format: ReportFormat): string {
  // Placeholder until the report issue: JSON is the contract, the others are not built yet.
  if (format === 'json') return JSON.stringify(analysis.document, null, 2) + '\n';
  return `hostsnap report (${format}) is not built yet\n`;
}
