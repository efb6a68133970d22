// One format's renderer, loaded on its own: `analyze --format json` never loads Handlebars and the templates.
import type { Analysis } from '../analysis/types.js';
import type { ReportFormat } from './render-formats.js';
import type { TextOptions } from './text.js';

export type Renderer = (analysis: Analysis, options?: TextOptions) => string;

/**
 * index.ts's render() loads every renderer with it (~30-80 ms of CPU: html's Handlebars runtime,
 * precompiled templates and view models); a command that knows its formats before it has an
 * analysis loads just those, while the input is still being read.
 */
const LOADERS: Record<ReportFormat, () => Promise<Renderer>> = {
  html: async () => (await import('./html.js')).renderHtml,
  md: async () => (await import('./markdown.js')).renderMarkdown,
  json: async () => (await import('./json.js')).renderJson,
  text: async () => (await import('./text.js')).renderText,
};

/** The renderers of `formats`, by format. */
export async function loadRenderers(formats: readonly ReportFormat[]): Promise<Map<ReportFormat, Renderer>> {
  return new Map(await Promise.all(formats.map(async (format) => [format, await LOADERS[format]()] as const)));
}
