// What the report says about a sosreport input: the sos version that made it, and the file each
// source was read from (sos 3.x and 4.x name their command outputs differently).
import type { Analysis } from '../analysis/types.js';
import { oneLine } from '../format/control.js';
import { formatBytes } from '../format/numbers.js';

export interface SosView {
  version: string;
  files: Array<{ source: string; file: string; note: string }>;
}

export function sosView(analysis: Analysis): SosView | null {
  const sos = analysis.document.input.sos;
  if (!sos) return null;
  return {
    version: sos.version === null ? 'an unknown sos version (no version.txt, sos_reports/manifest.json or sos_logs/ui.log)' : `sos ${oneLine(sos.version)}`,
    files: Object.entries(sos.files).sort(([a], [b]) => a.localeCompare(b)).map(([source, file]) => {
      const whole = sos.cut[source];
      return { source, file: oneLine(file), note: whole === undefined ? '' : `its tail only: the file holds ${formatBytes(whole)}` };
    }),
  };
}
