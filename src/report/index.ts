// Renderers by format: one function turns an Analysis into the text of a report.
import type { Analysis } from '../analysis/types.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText, type TextOptions } from './text.js';

export type { TextOptions } from './text.js';

export type ReportFormat = 'html' | 'md' | 'json' | 'text';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'text'];

/** File extension of each format's report written beside an archive. */
export const REPORT_EXTENSION: Record<ReportFormat, string> = { html: 'html', md: 'md', json: 'json', text: 'txt' };

const RENDERERS: Record<ReportFormat, (analysis: Analysis) => string> = {
  html: renderHtml,
  md: renderMarkdown,
  json: renderJson,
  text: renderText,
};

/** `options.color` colours the text format's severity labels (pass it only for a TTY). */
export function render(analysis: Analysis, format: ReportFormat, options: TextOptions = {}): string {
  return format === 'text' ? renderText(analysis, options) : RENDERERS[format](analysis);
}
