// The HTML report: the view model laid out by templates/report.hbs, one self-contained file.
import type { Analysis } from '../analysis/types.js';
import { template } from './templates.js';
import { buildView } from './view-model.js';

export function renderHtml(analysis: Analysis): string {
  return template('report')(buildView(analysis));
}
