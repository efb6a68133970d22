// The Markdown summary for a ticket (GitHub, GitLab, Jira): verdict, findings, evidence, advice,
// under 64 KB; host text can neither leave its code block nor become HTML or a link.
import type { Analysis } from '../analysis/types.js';
import { capText } from './text-safety.js';
import { oneLine, stripControl } from '../format/control.js';
import { buildView } from './view-model.js';
import type { FindingView, ReportView } from './view-types.js';

export const MD_MAX_BYTES = 64 * 1024;
const EVIDENCE_BYTES = 4 * 1024;
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Prose: the characters that can start markup backslash-escaped (emphasis, code, links, HTML,
 * tables, strikethrough, entities), those that only count at a line start escaped there (headings,
 * lists, numbered lists), an underscore only where it can open or close emphasis (not inside
 * words such as all_unreclaimable); autolinks defused with a zero-width space (GFM links bare
 * www., scheme:// and a@b.c). Escaping less keeps the raw text of a ticket readable.
 */
export function mdText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/_/g, (c, at: number, s: string) => (/\w/.test(s[at - 1] ?? '') && /\w/.test(s[at + 1] ?? '') ? c : `\\${c}`))
    .replace(/^(\s*)([#+\-=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/:(?=\/\/)/g, ':\u200b')
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}\u200b${m.slice(3)}`)
    .replace(/@/g, '@\u200b');
}

function longestRun(text: string, ch: string): number {
  let max = 0;
  for (const m of text.matchAll(new RegExp(`\\${ch}+`, 'g'))) max = Math.max(max, m[0].length);
  return max;
}

/** Inline code whose fence is longer than any backtick run inside (CommonMark code spans). */
export function mdCode(text: string): string {
  const line = oneLine(text);
  // An empty span would print a bare `` that pairs with a later backtick run: say "–" instead.
  if (line.trim() === '') return '–';
  const fence = '`'.repeat(longestRun(line, '`') + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run in the content. */
export function mdBlock(text: string, info = ''): string {
  const body = stripControl(text).replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}\n`;
}

function findingMd(f: FindingView, full: boolean): string {
  const out = [`### ${mdText(f.severityLabel)}: ${mdText(f.title)}\n`, `${mdText(f.summary)}\n`];
  if (!full) return out.join('\n');
  for (const e of f.evidence) {
    const capped = capText(e.text, EVIDENCE_BYTES);
    out.push(`Evidence (${mdText(e.source)}${capped.cut ? `, cut at ${EVIDENCE_BYTES} bytes` : ''}):\n`, mdBlock(capped.text, 'text'));
  }
  if (f.advice.length) out.push('What to do:\n');
  f.advice.forEach((a, i) => {
    const extra = [a.preconditions ? ` Before: ${mdText(a.preconditions)}` : '', a.risk ? ` Risk: ${mdText(a.risk)}` : ''].join('');
    out.push(`${i + 1}. ${mdText(a.text)}${extra}\n`);
    if (a.hasCommands) out.push(mdBlock(a.commands.join('\n'), 'sh'));
  });
  return out.join('\n');
}

function headerMd(v: ReportView): string {
  const h = v.host;
  const lines = [
    `## hostsnap: ${mdText(h.name)}: ${mdText(v.verdict.headline)}\n`,
    `**Host** ${mdCode(h.name)} · kernel ${mdCode(h.kernel)}${h.arch ? ` · ${mdCode(h.arch)}` : ''}${h.bitsLabel ? ` (${h.bitsLabel})` : ''} · collected ${mdText(v.collectedAt)}${v.sosreport ? ` · read from a sosreport made by ${mdText(v.sosreport.version)}` : ''}\n`,
  ];
  if (v.verdict.noProblem) {
    lines.push(`${mdText(v.verdict.checked)}\n`);
    for (const n of v.verdict.notChecked) lines.push(`- Not checked: ${mdText(n)}`);
  } else {
    v.verdict.items.forEach((f, i) => {
      lines.push(`${i + 1}. **${mdText(f.severityLabel)}**: ${mdText(f.title)}${f.similar ? ` (${mdText(f.similar)})` : ''}: ${mdText(f.summary)}` +
        (f.firstStep ? `\n   First: ${f.firstStepIsCommand ? mdCode(f.firstStep) : mdText(f.firstStep)}` : ''));
    });
  }
  for (const e of v.oomEvents) {
    lines.push(`- OOM ${mdText(e.time)}: ${mdText(e.kindLabel)}, trigger ${mdCode(e.trigger)}, gfp ${mdCode(e.gfp)}, order ${mdText(e.order)}, cause: ${mdText(e.cause)}; killed ${e.hasKilled ? e.killed.map(mdCode).join(', ') : 'nothing'}`);
  }
  if (v.oomNote) lines.push(`- ${mdText(v.oomNote)}`);
  // A source read only in part is said here too: a ticket reader must know a figure is missing.
  for (const m of v.missing.filter((row) => row.missing === 'partly read')) lines.push(`- Partly read: ${mdCode(m.what)}: ${mdText(m.reason)}`);
  return lines.join('\n') + '\n';
}

export function renderMarkdown(analysis: Analysis): string {
  const v = buildView(analysis);
  const footer = `\n---\n_hostsnap summary; the HTML report and the archive hold every raw output._\n`;
  let out = headerMd(v);
  // Room kept for the footer and the cut notice, so the cut is always said within the limit.
  const budget = MD_MAX_BYTES - bytes(footer) - 400;
  if (bytes(out) > budget) out = capText(out, budget).text + '\n\n_(cut: the verdict list is longer than the summary allows)_\n';
  let left = 0;
  v.findings.forEach((f, i) => {
    if (left) { left++; return; }
    const full = `\n${findingMd(f, true)}`;
    const short = `\n${findingMd(f, false)}`;
    if (bytes(out) + bytes(full) <= budget) out += full;
    else if (bytes(out) + bytes(short) <= budget) out += short + '\n_(evidence and advice cut: summary size limit)_\n';
    else left = 1;
    void i;
  });
  if (v.findingsNote) out += `\n_${mdText(v.findingsNote)}_\n`;
  if (left) out += `\n_Cut: ${left} more finding(s) are not shown here (the summary stays under 64 KB); see the HTML report._\n`;
  return out + footer;
}
