// The report formats' names and file extensions, apart from the renderers that make them.
// Option parsing (src/cli/formats.ts) and file naming need only these: importing them from
// here loads none of the renderers (Handlebars and the templates for html).

export type ReportFormat = 'html' | 'md' | 'json' | 'text';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'text'];

/** File extension of each format's report written beside an archive. */
export const REPORT_EXTENSION: Record<ReportFormat, string> = { html: 'html', md: 'md', json: 'json', text: 'txt' };
