// Trend findings for figures that grow steadily across a host's snapshots: rate and time to the limit.
import type { Finding } from '../analysis/types.js';
import { formatKb, formatNumber } from '../format/numbers.js';
import type { Point } from './point.js';
import { STEADY, steadyGrowth, type Growth, type Sample } from './steady.js';

/** The trend is read over the newest snapshots only: a leak that began lately is not diluted by a flat past. */
export const WINDOW = 12;

interface Series {
  id: string;
  what: string;
  samples: Sample[];
  /**
   * What runs out when it keeps growing, and how much of it is left in the newest snapshot;
   * `reached` for a limit that is hit rather than used up (a memcg's limit).
   */
  limit: { name: string; leftKb: number; reached?: boolean } | null;
}

function hoursOf(points: Point[]): number[] {
  const t0 = Date.parse(points[0].at);
  return points.map((p) => (Date.parse(p.at) - t0) / 3_600_000);
}

function samplesOf(points: Point[], hours: number[], figure: (p: Point) => number | null | undefined): Sample[] {
  const out: Sample[] = [];
  points.forEach((p, i) => {
    const kb = figure(p);
    if (typeof kb === 'number' && Number.isFinite(kb)) out.push({ hours: hours[i], kb });
  });
  return out;
}

/** Kernel memory comes from lowmem on a 32-bit kernel with HighMem; elsewhere from all that is available. */
function memoryLimit(last: Point, kernel: boolean): Series['limit'] {
  if (kernel && last.lowTotalKb !== null && last.lowFreeKb !== null) return { name: 'lowmem', leftKb: last.lowFreeKb };
  return last.availableKb === null ? null : { name: 'available memory', leftKb: last.availableKb };
}

function seriesOf(points: Point[]): Series[] {
  const hours = hoursOf(points);
  const last = points[points.length - 1];
  const series: Series[] = [];
  for (const name of Object.keys(last.slabCaches)) {
    series.push({ id: 'trend-slab-cache-growth', what: `slab cache ${name}`, samples: samplesOf(points, hours, (p) => p.slabCaches[name]), limit: memoryLimit(last, true) });
  }
  series.push({ id: 'trend-slab-unreclaimable-growth', what: 'unreclaimable slab (SUnreclaim)', samples: samplesOf(points, hours, (p) => p.slabUnreclaimableKb), limit: memoryLimit(last, true) });
  if (last.swapTotalKb) {
    series.push({ id: 'trend-swap-growth', what: 'swap used', samples: samplesOf(points, hours, (p) => p.swapUsedKb), limit: { name: 'swap', leftKb: last.swapTotalKb - (last.swapUsedKb ?? 0) } });
  }
  for (const name of Object.keys(last.processes)) {
    series.push({ id: 'trend-process-rss-growth', what: `process ${name}`, samples: samplesOf(points, hours, (p) => p.processes[name]), limit: memoryLimit(last, false) });
  }
  // A memcg with a limit: its usage, against its own headroom (the memcg probe; older points have none).
  for (const [path, group] of Object.entries(last.memcgs ?? {})) {
    series.push({ id: 'trend-memcg-growth', what: `memcg ${path.slice(0, 120)} usage`, samples: samplesOf(points, hours, (p) => p.memcgs?.[path]?.usageKb), limit: { name: "the memcg's limit", leftKb: group.limitKb - group.usageKb, reached: true } });
  }
  return series;
}

function duration(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} minutes`;
  if (hours < 48) return `${formatNumber(hours, hours < 10 ? 1 : 0)} hours`;
  return `${formatNumber(hours / 24, 0)} days`;
}

function findingOf(series: Series, growth: Growth, points: Point[]): Finding {
  const rate = `${formatKb(growth.kbPerHour)}/hour`;
  const hoursLeft = series.limit && series.limit.leftKb > 0 ? series.limit.leftKb / growth.kbPerHour : null;
  const left = series.limit ? formatKb(series.limit.leftKb) : '';
  const exhaust = series.limit === null || hoursLeft === null ? ''
    : series.limit.reached ? `; ${series.limit.name} is reached in about ${duration(hoursLeft)} at this rate (${left} left)`
      : `; ${series.limit.name} (${left} left) is exhausted in about ${duration(hoursLeft)} at this rate`;
  const first = series.samples[0];
  const last = series.samples[series.samples.length - 1];
  return {
    id: series.id,
    // Within a day it is an outage coming; slower growth is worth knowing, not waking for.
    severity: hoursLeft !== null && hoursLeft < 24 ? 'warning' : 'info',
    title: `${series.what} grows steadily`,
    summary: `${series.what} grows ${rate}${exhaust}.`,
    evidence: [{
      source: 'history',
      text: `${formatKb(first.kb)} -> ${formatKb(last.kb)} over ${series.samples.length} snapshots (${points[0].at} to ${points[points.length - 1].at}); line fit r²=${growth.r2.toFixed(2)}, ${Math.round(growth.upSteps * 100)}% of steps up`,
      highlight: [rate],
    }],
    advice: [{
      text: `Steady means: at least ${STEADY.minPoints} snapshots, a straight line explaining ${STEADY.minR2 * 100}% of the variance, ${STEADY.minUpSteps * 100}% of steps not down, and growth of at least ${formatKb(STEADY.minGrowthKb)} and ${STEADY.minGrowthShare * 100}%. Find what feeds it before it runs out; the host's snapshot report names the suspects.`,
      commands: [],
    }],
  };
}

/** Every steadily growing figure of the newest WINDOW points, fastest first. */
export function growthFindings(allPoints: Point[]): Finding[] {
  const points = allPoints.slice(-WINDOW);
  if (points.length < STEADY.minPoints) return [];
  const found: Array<{ finding: Finding; rate: number }> = [];
  for (const series of seriesOf(points)) {
    const growth = steadyGrowth(series.samples);
    if (growth) found.push({ finding: findingOf(series, growth, points), rate: growth.kbPerHour });
  }
  return found.sort((a, b) => b.rate - a.rate).map((f) => f.finding);
}
