// The view model: everything the report shows, decided in code, as finished strings and shapes.
import type { Analysis, Finding, Severity } from '../analysis/types.js';
import { formatNumber, formatTime } from '../format/numbers.js';
import { highlightSegments } from './text-safety.js';
import { oneLine, stripControl } from '../format/control.js';
import { pidstatTables, psTable, slabTable, vmstatCharts } from './view-activity.js';
import { lowmemChart, memoryCharts } from './view-memory.js';
import { oomView } from './view-oom.js';
import { coverageViews, manifestView, missingViews, rawViews } from './view-sources.js';
import { sosView } from './view-sos.js';
import type { FindingView, HostView, ReportView, VerdictView } from './view-types.js';

export type { ReportView } from './view-types.js';

/** Caps that keep a report readable and under 1 MB when a log holds hundreds of OOM kills. */
export const FINDINGS_PER_RULE = 10;
export const OOM_EVENTS_SHOWN = 20;

function capPerRule(findings: FindingView[]): FindingView[] {
  const count = new Map<string, number>();
  return findings.filter((f) => {
    const n = (count.get(f.id) ?? 0) + 1;
    count.set(f.id, n);
    return n <= FINDINGS_PER_RULE;
  });
}

/** A rule that fired several times gets finding-ID, finding-ID-2…: HTML ids stay unique. */
function uniqueAnchors(findings: FindingView[]): FindingView[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = (seen.get(f.anchor) ?? 0) + 1;
    seen.set(f.anchor, n);
    return n === 1 ? f : { ...f, anchor: `${f.anchor}-${n}` };
  });
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

function hostView(analysis: Analysis): HostView {
  const d = analysis.document.host;
  const f = analysis.facts.host;
  const bits = d.bits ?? f.bits;
  const up = f.uptimeSeconds;
  return {
    name: oneLine(d.name ?? f.name ?? analysis.input.manifest?.hostname ?? analysis.input.manifest?.target ?? 'unknown host'),
    kernel: oneLine(d.kernel ?? f.kernel ?? 'kernel unknown'),
    arch: oneLine(d.arch ?? f.arch ?? ''),
    bitsLabel: bits ? `${bits}-bit` : '',
    is32: bits === 32,
    os: oneLine(f.os ?? ''),
    cpus: f.cpus ? `${f.cpus} CPU${f.cpus === 1 ? '' : 's'}` : '',
    uptime: up === null ? '' : `up ${up >= 86400 ? `${formatNumber(up / 86400, 1)} day(s)` : `${formatNumber(up / 3600, 1)} hour(s)`}`,
  };
}

export function findingView(f: Finding): FindingView {
  const first = f.advice[0];
  const firstCommand = first?.commands?.[0];
  return {
    id: oneLine(f.id),
    anchor: `finding-${oneLine(f.id).replace(/[^a-z0-9-]/gi, '-')}`,
    severity: f.severity,
    severityLabel: LABEL[f.severity] ?? f.severity,
    title: oneLine(f.title),
    summary: oneLine(f.summary),
    evidence: f.evidence.map((e) => {
      const text = stripControl(e.text);
      const highlights = (e.highlight ?? []).map(stripControl);
      return { source: oneLine(e.source), text, highlights, segments: highlightSegments(text, highlights) };
    }),
    advice: f.advice.map((a) => ({
      text: oneLine(a.text),
      commands: (a.commands ?? []).map(stripControl),
      hasCommands: (a.commands ?? []).length > 0,
      preconditions: oneLine(a.preconditions ?? ''),
      risk: oneLine(a.risk ?? ''),
    })),
    firstStep: oneLine(firstCommand ?? first?.text ?? ''),
    firstStepIsCommand: firstCommand !== undefined,
    similar: '',
  };
}

function verdictView(analysis: Analysis, findings: FindingView[], oomCount: number): VerdictView {
  // One verdict line per rule: a rule that fired for 200 OOM kills is one line "and 199 more".
  const byRule = new Map<string, { first: FindingView; count: number }>();
  for (const f of findings.filter((x) => x.severity === 'critical' || x.severity === 'warning')) {
    const seen = byRule.get(f.id);
    if (seen) seen.count++;
    else byRule.set(f.id, { first: f, count: 1 });
  }
  const items = [...byRule.values()].map(({ first, count }) => ({ ...first, similar: count > 1 ? `and ${count - 1} more like it` : '' }));
  const critical = items.filter((f) => f.severity === 'critical').length;
  const plural = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  // The kernel killed processes yet no rule spoke: never call that "no problem".
  const unexplainedOom = items.length === 0 && oomCount > 0;
  const level = critical ? 'critical' : items.length || unexplainedOom ? 'warning' : 'ok';
  const headline = critical
    ? `${plural(critical, 'critical problem')}${items.length > critical ? `, ${plural(items.length - critical, 'warning')}` : ''}`
    : items.length ? plural(items.length, 'warning')
      : unexplainedOom ? `No rule found the cause, but the kernel log holds ${plural(oomCount, 'OOM event')}` : 'No problem found';
  const sources = analysis.document.input.sources;
  const ran = analysis.document.checked.map((c) => c.title);
  const total = ran.length + analysis.document.coverage.length;
  return {
    level,
    headline,
    items,
    noProblem: items.length === 0,
    infoCount: findings.length - items.length,
    checked: (sources.length ? `Read ${plural(sources.length, 'source')}: ${sources.map(oneLine).join(', ')}. ` : 'No source was read. ') +
      (ran.length ? `Checked (${ran.length} of ${total}): ${ran.join('; ')}.` : `None of the ${total} checks could run.`),
    notChecked: analysis.document.coverage.map((g) => oneLine(`${g.title}: ${g.reason}`)),
  };
}

/** Every string of the view with control characters replaced: whichever field a host string
 *  reaches (raw outputs, OOM lines, stderr…), no renderer can emit an escape sequence. */
function sanitize<T>(value: T): T {
  if (typeof value === 'string') return stripControl(value) as T;
  if (Array.isArray(value)) return value.map(sanitize) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitize(v)])) as T;
  }
  return value;
}

export function buildView(analysis: Analysis): ReportView {
  return sanitize(assemble(analysis));
}

function assemble(analysis: Analysis): ReportView {
  const doc = analysis.document;
  const events = doc.oomEvents.length ? doc.oomEvents : analysis.facts.oomEvents;
  const host = hostView(analysis);
  const findings = uniqueAnchors([...analysis.document.findings].sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3)).map(findingView));
  const shown = capPerRule(findings);
  const shownEvents = events.slice(-OOM_EVENTS_SHOWN);
  const memory = memoryCharts(analysis.facts);
  const lowmem = lowmemChart(events, doc.host.bits ?? analysis.facts.host.bits);
  const vmstat = vmstatCharts(analysis.facts);
  const { raw, note: rawNote } = rawViews(analysis);
  const coverage = coverageViews(analysis);
  const missing = missingViews(analysis);
  return {
    title: `${host.name} — hostsnap report`,
    host,
    collectedAt: oneLine(formatTime(doc.collectedAt ?? analysis.input.manifest?.startedAt ?? `unknown (read from a ${doc.input.kind})`)),
    input: { kind: doc.input.kind, location: oneLine(doc.input.location), sources: doc.input.sources.map(oneLine).join(', ') },
    verdict: verdictView(analysis, findings, events.length),
    findings: shown,
    hasFindings: shown.length > 0,
    findingsNote: shown.length < findings.length
      ? `${findings.length - shown.length} more findings are not shown (at most ${FINDINGS_PER_RULE} per rule); the JSON report has every one.` : '',
    memory: { charts: memory.charts, note: memory.note, zones: lowmem.chart, zonesNote: lowmem.note },
    hasMemory: memory.charts.length > 0 || lowmem.chart !== null,
    oomEvents: shownEvents.map((e, i) => oomView(e, events.length - shownEvents.length + i, e !== lowmem.event)),
    hasOom: events.length > 0,
    oomNote: shownEvents.length < events.length
      ? `The latest ${shownEvents.length} of ${events.length} events; the JSON report and the raw kernel log hold every one.` : '',
    vmstat,
    hasVmstat: vmstat.charts.length > 0,
    tables: [...pidstatTables(analysis.facts), ...psTable(analysis.facts), ...slabTable(analysis.facts)],
    raw,
    rawNote,
    manifest: manifestView(analysis),
    sosreport: sosView(analysis),
    missing,
    coverage,
    hasCoverage: coverage.length > 0 || missing.length > 0,
    generated: `hostsnap, schema ${doc.schema}`,
  };
}
