// The terminal report: verdict, findings with evidence and advice. Plain unless the caller asks
// for colour (a TTY); the only escape sequences are hostsnap's own SGR codes around severity
// labels, never host text (its control characters are replaced in the view model).
import type { Analysis } from '../analysis/types.js';
import { buildView } from './view-model.js';
import type { FindingView, Level } from './view-types.js';

export interface TextOptions {
  /** Colour severity labels with ANSI SGR codes: only when stdout is a TTY. */
  color?: boolean;
}

const SGR: Record<Level, string> = { critical: '1;31', warning: '1;33', info: '1;34', ok: '1;32' };

function paint(text: string, level: Level, color: boolean): string {
  return color ? `\u001b[${SGR[level]}m${text}\u001b[0m` : text;
}

const indent = (text: string, pad: string): string => text.split('\n').map((l) => pad + l).join('\n');

function findingText(f: FindingView, color: boolean): string {
  const out = [`${paint(`[${f.severityLabel.toUpperCase()}]`, f.severity, color)} ${f.title}  (${f.id})`, indent(f.summary, '  ')];
  for (const e of f.evidence) {
    out.push(`  Evidence (${e.source}):`, indent(e.text.replace(/\n+$/, ''), '    | '));
    if (e.highlights.length) out.push(`    decisive: ${e.highlights.join(', ')}`);
  }
  if (f.advice.length) out.push('  What to do:');
  f.advice.forEach((a, i) => {
    out.push(`    ${i + 1}. ${a.text}`);
    for (const c of a.commands) out.push(indent(c, '       $ '));
    if (a.preconditions) out.push(`       Before: ${a.preconditions}`);
    if (a.risk) out.push(`       Risk: ${a.risk}`);
  });
  return out.join('\n');
}

export function renderText(analysis: Analysis, options: TextOptions = {}): string {
  const color = options.color === true;
  const v = buildView(analysis);
  const h = v.host;
  const out = [
    `${h.name}  ${h.kernel}  ${h.arch}${h.bitsLabel ? ` (${h.bitsLabel})` : ''}  collected ${v.collectedAt}${v.sosreport ? `  (sosreport, ${v.sosreport.version})` : ''}`,
    '',
    paint(`VERDICT: ${v.verdict.headline}`, v.verdict.level, color),
  ];
  for (const f of v.verdict.items) out.push(`  - ${paint(`[${f.severityLabel}]`, f.severity, color)} ${f.title}${f.similar ? ` (${f.similar})` : ''}: ${f.summary}`, ...(f.firstStep ? [`      first: ${f.firstStep}`] : []));
  if (v.verdict.noProblem) out.push(`  ${v.verdict.checked}`, ...v.verdict.notChecked.map((n) => `  not checked: ${n}`));
  if (v.findings.length) out.push('', 'FINDINGS', '');
  for (const f of v.findings) out.push(findingText(f, color), '');
  if (v.findingsNote) out.push(v.findingsNote);
  if (v.oomEvents.length) out.push('', 'OOM EVENTS', ...(v.oomNote ? [`  ${v.oomNote}`] : []));
  for (const e of v.oomEvents) {
    out.push(`  ${e.time}  ${e.kindLabel}  trigger ${e.trigger}  gfp ${e.gfp}  order ${e.order}  constraint ${e.constraint}`,
      `    cause: ${e.cause}; killed: ${e.hasKilled ? e.killed.join(', ') : 'nothing'}`);
  }
  if (v.hasCoverage) out.push('', 'NOT CHECKED');
  for (const c of [...v.coverage, ...v.missing]) out.push(`  ${c.what}: ${c.missing} (${c.reason})`);
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
