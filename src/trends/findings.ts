// All trend findings of a host's history, worst first: the growth ones, new OOM events, changed settings.
import type { Finding } from '../analysis/types.js';
import { changedSettingFindings, newOomFindings } from './change-findings.js';
import { growthFindings } from './growth-findings.js';
import type { Point } from './point.js';

/** Most severe first, as the rules' own findings are sorted (src/rules/run.ts). */
export const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export function trendFindings(points: Point[]): Finding[] {
  const all = [...growthFindings(points), ...newOomFindings(points), ...changedSettingFindings(points)];
  // A stable sort keeps each group's own order (fastest growth first) within a severity.
  return all.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
