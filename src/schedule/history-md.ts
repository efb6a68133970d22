// OUT/HOST/index.md: the history page as Markdown text (trends, snapshots, the charts' figures as tables).
import { formatKb, formatNumber, formatTime } from '../format/numbers.js';
import { mdCode, mdText } from '../report/markdown.js';
import { chartData, historyView, type HistoryInput, type HistoryView } from './history-page.js';

/** Rows of each figure table: the newest snapshots; the HTML charts draw them all. */
export const TABLE_ROWS = 24;
/** Rows of the snapshot list: a week at 15 minutes is 672 snapshots, too long to paste. */
export const LIST_ROWS = 100;

type ViewRow = HistoryView['snapshots'][number];
type ViewTrend = HistoryView['trends'][number];

function trendsMd(trends: ViewTrend[]): string[] {
  if (trends.length === 0) return ['No steady growth, new OOM event or changed setting.', ''];
  const out: string[] = [];
  for (const t of trends) {
    out.push(`- **${mdText(t.severity)}: ${mdText(t.title)}** ${mdText(t.summary)}`);
    for (const e of t.evidence) out.push(`  - ${mdText(e)}`);
  }
  return [...out, ''];
}

function snapshotsMd(rows: ViewRow[]): string[] {
  const out = ['| collected | snapshot | worst finding | files |', '| --- | --- | --- | --- |'];
  // Report names are hostsnap's own (safeHostPart): code spans, where a pipe cannot occur.
  for (const r of rows.slice(0, LIST_ROWS)) {
    out.push(`| ${mdText(r.at)} | ${mdCode(r.name)} | ${mdText(r.worst)} | ${r.reports.map((f) => mdCode(f.href)).join(' ') || '–'} |`);
  }
  if (rows.length > LIST_ROWS) out.push('', `${rows.length - LIST_ROWS} older snapshots not listed (the folder and index.html have them all).`);
  return [...out, ''];
}

function tablesMd(input: HistoryInput): string[] {
  const points = input.points;
  // Newest first, as the snapshot list; indexes into the charts' values (oldest first).
  const rows = points.map((_, i) => i).reverse().slice(0, TABLE_ROWS);
  const out: string[] = [];
  if (points.length > TABLE_ROWS) out.push(`The ${TABLE_ROWS} newest of ${points.length} snapshots.`, '');
  for (const chart of chartData(points)) {
    out.push(`### ${mdText(chart.title)}`, '');
    if (chart.lines.length === 0) { out.push('No figures in these snapshots.', ''); continue; }
    const fmt = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : chart.kb ? formatKb(v) : formatNumber(v));
    out.push(`| collected | ${chart.lines.map((l) => mdText(l.label)).join(' | ')} |`, `| --- |${' ---: |'.repeat(chart.lines.length)}`);
    for (const i of rows) out.push(`| ${mdText(formatTime(points[i].at))} | ${chart.lines.map((l) => fmt(l.values[i])).join(' | ')} |`);
    out.push('');
  }
  return out;
}

/** The same content as index.html, every host string escaped by the report's own Markdown helpers. */
export function renderHistoryMarkdown(input: HistoryInput): string {
  const view = historyView(input);
  return [
    `# ${mdText(view.title)}`, '',
    `${view.count} snapshot(s), newest first. Generated ${mdText(view.generatedAt)}. Fleet: ${mdCode('../index.md')}`, '',
    '## Trends', '', ...trendsMd(view.trends),
    '## Snapshots', '', ...snapshotsMd(view.snapshots),
    '## Across the snapshots', '', ...tablesMd(input),
  ].join('\n');
}
