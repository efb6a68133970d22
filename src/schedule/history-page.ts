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

function charts(points: Point[]): ChartView[] {
  if (points.length === 0) return [];
  const times = points.map((p) => Date.parse(p.at));
  const labels: [string, string] = [formatTime(points[0].at), formatTime(points[points.length - 1].at)];
  const line = (label: string, f: (p: Point) => number | null | undefined): ChartLine => ({ label: field(label), values: points.map((p) => f(p) ?? null) });
  const last = points[points.length - 1];
  return [
    chartOf('Memory', times, [line('free', (p) => p.memFreeKb), line('available', (p) => p.availableKb)], true, labels),
    chartOf('Swap used', times, [line('swap used', (p) => p.swapUsedKb)], true, labels),
    chartOf('Slab', times, [line('reclaimable', (p) => p.slabReclaimableKb), line('unreclaimable', (p) => p.slabUnreclaimableKb)], true, labels),
    chartOf('Largest slab caches', times, largest(last.slabCaches, 3).map((name) => line(name, (p) => p.slabCaches[name])), true, labels),
    chartOf('Largest processes (RSS)', times, largest(last.processes, 3).map((name) => line(name, (p) => p.processes[name])), true, labels),
    chartOf('Load (1 min)', times, [line('load1', (p) => p.load1)], false, labels),
    chartOf('PSI memory (some, avg10 %)', times, [line('some avg10', (p) => p.psiMemorySome10)], false, labels),
  ];
}

export interface HistoryInput {
  host: string;
  snapshots: StoredSnapshot[];
  points: Point[];
  trends: Finding[];
  generatedAt: Date;
}

export function historyView(input: HistoryInput): Record<string, unknown> {
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
