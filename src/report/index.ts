// Renderers by format: one function turns an Analysis into the text of a report.
import type { Analysis } from '../analysis/types.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText, type TextOptions } from './text.js';
import type { ReportFormat } from './render-formats.js';

export type { TextOptions } from './text.js';
export { REPORT_EXTENSION, REPORT_FORMATS, type ReportFormat } from './render-formats.js';

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
