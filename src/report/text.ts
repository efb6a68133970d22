// The terminal report: verdict, findings with evidence and advice; plain text, never an escape
// sequence (host text has its control characters replaced, so it cannot drive the terminal).
import type { Analysis } from '../analysis/types.js';
import { buildView } from './view-model.js';
import type { FindingView } from './view-types.js';

const indent = (text: string, pad: string): string => text.split('\n').map((l) => pad + l).join('\n');

function findingText(f: FindingView): string {
  const out = [`[${f.severityLabel.toUpperCase()}] ${f.title}  (${f.id})`, indent(f.summary, '  ')];
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

export function renderText(analysis: Analysis): string {
  const v = buildView(analysis);
  const h = v.host;
  const out = [
    `${h.name}  ${h.kernel}  ${h.arch}${h.bitsLabel ? ` (${h.bitsLabel})` : ''}  collected ${v.collectedAt}`,
    '',
    `VERDICT: ${v.verdict.headline}`,
  ];
  for (const f of v.verdict.items) out.push(`  - [${f.severityLabel}] ${f.title}${f.similar ? ` (${f.similar})` : ''}: ${f.summary}`, ...(f.firstStep ? [`      first: ${f.firstStep}`] : []));
  if (v.verdict.noProblem) out.push(`  ${v.verdict.checked}`, ...v.verdict.notChecked.map((n) => `  not checked: ${n}`));
  if (v.findings.length) out.push('', 'FINDINGS', '');
  for (const f of v.findings) out.push(findingText(f), '');
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
