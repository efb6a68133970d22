// Line charts as plain geometry (numbers only) for the history page: the template draws the SVG.
import { formatKb, formatNumber } from '../format/numbers.js';

export interface ChartLine { label: string; values: Array<number | null> }

export interface ChartView {
  title: string;
  width: number;
  height: number;
  lines: Array<{ label: string; points: string; colorClass: string }>;
  ticks: Array<{ y: number; text: string }>;
  /** Time labels: first and last snapshot. */
  first: string;
  last: string;
  empty: boolean;
}

const W = 640;
const H = 180;
const PAD = { left: 70, right: 10, top: 10, bottom: 20 };

/** One chart; `kb` says the figures are sizes in kB (else plain numbers: load, PSI %). */
export function chartOf(title: string, times: number[], lines: ChartLine[], kb: boolean, labels: [string, string]): ChartView {
  const all = lines.flatMap((l) => l.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const max = all.length ? Math.max(...all, 0) : 0;
  const top = max > 0 ? max * 1.1 : 1;
  const t0 = times[0] ?? 0;
  const span = Math.max(1, (times[times.length - 1] ?? 0) - t0);
  const x = (t: number): number => PAD.left + ((t - t0) / span) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const fmt = (v: number): string => (kb ? formatKb(v) : formatNumber(v));
  return {
    title, width: W, height: H,
    lines: lines.map((line, i) => ({
      label: line.label,
      // A snapshot without the figure leaves a gap in the points, not a drop to zero.
      points: line.values.map((v, j) => (v === null || !Number.isFinite(v) ? null : `${x(times[j]).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean).join(' '),
      colorClass: `c${i % 6}`,
    })),
    ticks: [0, 0.5, 1].map((f) => ({ y: Number(y(top * f).toFixed(1)), text: fmt(top * f) })),
    first: labels[0],
    last: labels[1],
    empty: all.length === 0,
  };
}
