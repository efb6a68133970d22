// The steadiness test: when a series of figures is growing steadily enough to be a trend and not noise.

export interface Sample { hours: number; kb: number }

export interface Growth {
  /** Least-squares slope, kB per hour. */
  kbPerHour: number;
  /** Share of the variance the straight line explains (0..1). */
  r2: number;
  /** Share of steps from one snapshot to the next that did not go down. */
  upSteps: number;
  grownKb: number;
}

/** The thresholds, stated once: the trend findings quote them. */
export const STEADY = {
  /** At least this many snapshots: three points make any two steps look like a line. */
  minPoints: 4,
  /** The line explains at least 90% of the variance: a saw-tooth or a random walk does not. */
  minR2: 0.9,
  /** At least 80% of steps do not go down: one dip in five is allowed (a cache trimmed once). */
  minUpSteps: 0.8,
  /** From first to last it grew by at least 4 MiB and 5% of where it started: not a rounding drift. */
  minGrowthKb: 4096,
  minGrowthShare: 0.05,
} as const;

export function growthOf(samples: Sample[]): Growth | null {
  const n = samples.length;
  if (n < 2) return null;
  const mx = samples.reduce((s, p) => s + p.hours, 0) / n;
  const my = samples.reduce((s, p) => s + p.kb, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of samples) {
    sxy += (p.hours - mx) * (p.kb - my);
    sxx += (p.hours - mx) ** 2;
    syy += (p.kb - my) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  let up = 0;
  for (let i = 1; i < n; i++) if (samples[i].kb >= samples[i - 1].kb) up++;
  return { kbPerHour: slope, r2: syy === 0 ? 0 : (sxy * sxy) / (sxx * syy), upSteps: up / (n - 1), grownKb: samples[n - 1].kb - samples[0].kb };
}

/** The growth when the series passes every threshold of STEADY, else null. */
export function steadyGrowth(samples: Sample[]): Growth | null {
  if (samples.length < STEADY.minPoints) return null;
  const growth = growthOf(samples);
  if (growth === null || growth.kbPerHour <= 0) return null;
  const first = samples[0].kb;
  const enough = growth.grownKb >= STEADY.minGrowthKb && growth.grownKb >= first * STEADY.minGrowthShare;
  return enough && growth.r2 >= STEADY.minR2 && growth.upSteps >= STEADY.minUpSteps ? growth : null;
}
