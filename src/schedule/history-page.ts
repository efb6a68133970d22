// OUT/HOST/index.html: a host's snapshots (worst finding, reports) and charts across them (templates/history.hbs).
import type { Finding } from '../analysis/types.js';
import { oneLine } from '../format/control.js';
import { formatTime } from '../format/numbers.js';
import { template } from '../report/templates.js';
import type { Point } from '../trends/point.js';
import { chartOf, type ChartLine, type ChartView } from './chart.js';
import type { StoredSnapshot } from './snapshots.js';

const FIELD_CHARS = 200;

function field(text: string): string {
  const line = oneLine(text);
  return line.length > FIELD_CHARS ? `${line.slice(0, FIELD_CHARS)}…` : line;
}

/** The `count` largest keys of a record in the newest point (slab caches, processes). */
function largest(record: Record<string, number>, count: number): string[] {
  return Object.entries(record).sort((a, b) => b[1] - a[1]).slice(0, count).map(([k]) => k);
}

/** What the charts show, as figures per snapshot: the HTML draws them, the Markdown lists them (history-md.ts). */
export interface ChartData { title: string; kb: boolean; lines: ChartLine[] }

export function chartData(points: Point[]): ChartData[] {
  if (points.length === 0) return [];
  const line = (label: string, f: (p: Point) => number | null | undefined): ChartLine => ({ label: field(label), values: points.map((p) => f(p) ?? null) });
  const last = points[points.length - 1];
  return [
    { title: 'Memory', kb: true, lines: [line('free', (p) => p.memFreeKb), line('available', (p) => p.availableKb)] },
    { title: 'Swap used', kb: true, lines: [line('swap used', (p) => p.swapUsedKb)] },
    { title: 'Slab', kb: true, lines: [line('reclaimable', (p) => p.slabReclaimableKb), line('unreclaimable', (p) => p.slabUnreclaimableKb)] },
    { title: 'Largest slab caches', kb: true, lines: largest(last.slabCaches, 3).map((name) => line(name, (p) => p.slabCaches[name])) },
    { title: 'Largest processes (RSS)', kb: true, lines: largest(last.processes, 3).map((name) => line(name, (p) => p.processes[name])) },
    { title: 'Load (1 min)', kb: false, lines: [line('load1', (p) => p.load1)] },
    { title: 'PSI memory (some, avg10 %)', kb: false, lines: [line('some avg10', (p) => p.psiMemorySome10)] },
  ];
}

function charts(points: Point[]): ChartView[] {
  if (points.length === 0) return [];
  const times = points.map((p) => Date.parse(p.at));
  const labels: [string, string] = [formatTime(points[0].at), formatTime(points[points.length - 1].at)];
  return chartData(points).map((c) => chartOf(c.title, times, c.lines, c.kb, labels));
}

export interface HistoryInput {
  host: string;
  snapshots: StoredSnapshot[];
  points: Point[];
  trends: Finding[];
  generatedAt: Date;
}

/** The page's content, every host string already one line and capped (field). */
export interface HistoryView {
  title: string;
  generatedAt: string;
  count: number;
  snapshots: Array<{ at: string; name: string; worst: string; rowClass: string; reports: Array<{ href: string; label: string }> }>;
  trends: Array<{ severity: string; title: string; summary: string; evidence: string[] }>;
  charts: ChartView[];
}

export function historyView(input: HistoryInput): HistoryView {
  const byBase = new Map(input.points.map((p) => [p.baseName, p]));
  return {
    title: `hostsnap history: ${field(input.host)}`,
    generatedAt: input.generatedAt.toISOString(),
    count: input.snapshots.length,
    // Newest first: the one an operator opens.
    snapshots: [...input.snapshots].reverse().map((s) => {
      const worst = byBase.get(s.baseName)?.worst ?? null;
      return {
        at: formatTime(s.at.toISOString()),
        name: field(s.baseName),
        worst: worst ? field(`${worst.severity}: ${worst.title}`) : 'none',
        rowClass: worst?.severity === 'critical' ? 'crit' : worst?.severity === 'warning' ? 'warn' : 'ok',
        reports: s.files.filter((f) => !f.endsWith('.point.json')).sort().map((f) => ({ href: field(f), label: field(f.slice(s.baseName.length + 1)) })),
      };
    }),
    trends: input.trends.map((f) => ({ severity: f.severity, title: field(f.title), summary: field(f.summary), evidence: f.evidence.map((e) => field(e.text)) })),
    charts: charts(input.points),
  };
}

/** Self-contained like the reports: inline style and SVG, no script, links only to files beside it. */
export function renderHistoryHtml(input: HistoryInput): string {
  return template('history')(historyView(input));
}
