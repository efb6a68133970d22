// The JSON report: the analysis contract document (schema hostsnap/analysis@1), as is.
import type { Analysis } from '../analysis/types.js';

export function renderJson(analysis: Analysis): string {
  return JSON.stringify(analysis.document, null, 2) + '\n';
}
