// Inline SVG charts as data: shapes with numeric geometry and escaped labels, laid out by
// templates/partials/chart.hbs (so no SVG markup is ever built as a string and injected).

export interface ChartRect { x: number; y: number; w: number; h: number; cls: string; title: string }
export interface ChartLine { points: string; cls: string }
export interface ChartText { x: number; y: number; text: string; anchor: 'start' | 'middle' | 'end'; cls: string }
export interface LegendItem { label: string; cls: string; value: string }

export interface SvgChart {
  /** Accessible name (aria-label) and the caption above the chart. */
  title: string;
  width: number;
  height: number;
  rects: ChartRect[];
  lines: ChartLine[];
  texts: ChartText[];
  legend: LegendItem[];
}

const round = (n: number): number => Math.round(n * 10) / 10;

export interface BarPart { key: string; label: string; kb: number }
export interface BarRow {
  label: string;
  /** The bar's whole (a zone's present kB, MemTotal); parts beyond it are scaled down. */
  totalKb: number;
  parts: BarPart[];
  /** A tick on the bar (a zone's min watermark), in kB from the left. */
  markerKb?: number | null;
  markerLabel?: string;
  /** Words after the bar: "702 MiB, 92% reclaimable slab". */
  note: string;
}

const LABEL_W = 124;
const BAR_W = 600;
const ROW_H = 40;
const BAR_H = 20;

/** Horizontal stacked bars, each row scaled to its own total, so shares compare at a glance. */
export function stackedBars(title: string, rows: BarRow[], legend: LegendItem[], formatKb: (kb: number) => string): SvgChart {
  const rects: ChartRect[] = [];
  const texts: ChartText[] = [];
  const lines: ChartLine[] = [];
  rows.forEach((row, i) => {
    const y = 8 + i * ROW_H;
    const sum = row.parts.reduce((s, p) => s + Math.max(0, p.kb), 0);
    const whole = Math.max(row.totalKb, sum, 1);
    texts.push({ x: LABEL_W - 8, y: y + BAR_H / 2 + 4, text: row.label, anchor: 'end', cls: 'lbl' });
    rects.push({ x: LABEL_W, y, w: BAR_W, h: BAR_H, cls: 'seg-bg', title: `${row.label}: ${formatKb(row.totalKb)}` });
    let x = LABEL_W;
    for (const part of row.parts) {
      const w = (Math.max(0, part.kb) / whole) * BAR_W;
      if (w <= 0) continue;
      const pct = Math.round((part.kb / whole) * 100);
      rects.push({ x: round(x), y, w: round(Math.max(w, 0.5)), h: BAR_H, cls: `seg-${part.key}`, title: `${row.label} ${part.label}: ${formatKb(part.kb)} (${pct}%)` });
      x += w;
    }
    if (row.markerKb !== undefined && row.markerKb !== null && row.markerKb > 0) {
      const mx = round(LABEL_W + Math.min(1, row.markerKb / whole) * BAR_W);
      lines.push({ points: `${mx},${y - 3} ${mx},${y + BAR_H + 3}`, cls: 'marker' });
    }
    texts.push({ x: LABEL_W, y: y + BAR_H + 11, text: row.note, anchor: 'start', cls: 'note' });
  });
  return { title, width: LABEL_W + BAR_W + 10, height: 8 + rows.length * ROW_H + 6, rects, lines, texts, legend };
}

export interface Series { label: string; cls: string; values: Array<number | null> }

/** Each series' name with its maximum, for the legend under a chart. */
function legendOf(series: Series[], formatValue: (n: number) => string): LegendItem[] {
  return series.map((s) => {
    const nums = s.values.filter((v): v is number => v !== null && Number.isFinite(v));
    return { label: s.label, cls: s.cls, value: nums.length ? `max ${formatValue(Math.max(...nums))}` : 'no data' };
  });
}

const LINE_W = 300;
const LINE_H = 90;
const PAD_L = 52;
const PAD_B = 16;

/** A small line chart of samples (x = sample number), one or two series on one scale. */
export function lineChart(title: string, series: Series[], formatValue: (n: number) => string): SvgChart {
  const count = Math.max(0, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const max = Math.max(1, ...all);
  const plotW = LINE_W - PAD_L - 6;
  const plotH = LINE_H - PAD_B - 8;
  const xOf = (i: number): number => round(PAD_L + (count <= 1 ? plotW / 2 : (i / (count - 1)) * plotW));
  const yOf = (v: number): number => round(8 + plotH - (v / max) * plotH);
  const lines: ChartLine[] = [{ points: `${PAD_L},${8 + plotH} ${PAD_L + plotW},${8 + plotH}`, cls: 'axis' }];
  const rects: ChartRect[] = [];
  for (const s of series) {
    const pts = s.values.map((v, i) => (v === null || !Number.isFinite(v) ? null : `${xOf(i)},${yOf(v)}`)).filter((p): p is string => p !== null);
    if (pts.length > 1) lines.push({ points: pts.join(' '), cls: `ln ${s.cls}` });
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      rects.push({ x: xOf(i) - 2, y: yOf(v) - 2, w: 4, h: 4, cls: `dot ${s.cls}`, title: `${s.label}, sample ${i + 1}: ${formatValue(v)}` });
    });
  }
  const texts: ChartText[] = [
    { x: PAD_L - 4, y: 12, text: formatValue(max), anchor: 'end', cls: 'tick' },
    { x: PAD_L - 4, y: 8 + plotH, text: '0', anchor: 'end', cls: 'tick' },
    { x: PAD_L, y: LINE_H - 2, text: '1', anchor: 'start', cls: 'tick' },
    { x: PAD_L + plotW, y: LINE_H - 2, text: String(count), anchor: 'end', cls: 'tick' },
  ];
  const legend = legendOf(series, formatValue);
  return { title, width: LINE_W, height: LINE_H, rects, lines, texts, legend };
}

/** Grouped bars per sample (one or two series on one scale): reads well from 1 to ~60 samples,
 *  where a line of one or two points would show nothing. Values are printed when they fit. */
export function sampleBars(title: string, series: Series[], formatValue: (n: number) => string): SvgChart {
  const count = Math.max(0, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const max = Math.max(1, ...all);
  const plotW = LINE_W - PAD_L - 6;
  const plotH = LINE_H - PAD_B - 8;
  const slot = count > 0 ? plotW / count : plotW;
  const barW = Math.max(1, (slot * 0.8) / Math.max(1, series.length));
  const rects: ChartRect[] = [];
  const texts: ChartText[] = [
    { x: PAD_L - 4, y: 12, text: formatValue(max), anchor: 'end', cls: 'tick' },
    { x: PAD_L - 4, y: 8 + plotH, text: '0', anchor: 'end', cls: 'tick' },
  ];
  series.forEach((s, k) => {
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const h = Math.max(v > 0 ? 1 : 0, (v / max) * plotH);
      const x = round(PAD_L + i * slot + slot * 0.1 + k * barW);
      rects.push({ x, y: round(8 + plotH - h), w: round(barW), h: round(h), cls: `bar ${s.cls}`, title: `${s.label}, sample ${i + 1}: ${formatValue(v)}` });
      if (count * series.length <= 8) texts.push({ x: round(x + barW / 2), y: round(Math.max(18, 8 + plotH - h - 3)), text: formatValue(v), anchor: 'middle', cls: 'val' });
    });
  });
  if (count > 1) {
    texts.push({ x: PAD_L + slot / 2, y: LINE_H - 2, text: '1', anchor: 'middle', cls: 'tick' });
    texts.push({ x: PAD_L + plotW - slot / 2, y: LINE_H - 2, text: String(count), anchor: 'middle', cls: 'tick' });
  }
  const lines: ChartLine[] = [{ points: `${PAD_L},${8 + plotH} ${PAD_L + plotW},${8 + plotH}`, cls: 'axis' }];
  const legend = legendOf(series, formatValue);
  return { title, width: LINE_W, height: LINE_H, rects, lines, texts, legend };
}
