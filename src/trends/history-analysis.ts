// `hostsnap analyze OUT/HOST/`: the newest snapshot's analysis plus the trend findings of the whole history.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { analyze } from '../analysis/analyze.js';
import type { Analysis } from '../analysis/types.js';
import { readArchive } from '../archive/read.js';
import { listSnapshots } from '../schedule/snapshots.js';
import { SEVERITY_RANK, trendFindings } from './findings.js';
import { readSeries } from './series.js';

/** A host's history folder: complete snapshots in it, and not itself a snapshot folder. */
export async function isHistoryFolder(path: string): Promise<boolean> {
  const stat = await lstat(path).catch(() => null);
  if (!stat?.isDirectory()) return false;
  if (await lstat(join(path, 'manifest.json')).catch(() => null)) return false;
  return (await listSnapshots(path)).length > 0;
}

export async function analyzeHistory(dir: string): Promise<Analysis> {
  const snapshots = await listSnapshots(dir);
  const newest = snapshots[snapshots.length - 1];
  const analysis = analyze(await readArchive(join(dir, `${newest.baseName}.tar.gz`)));
  const trends = trendFindings(await readSeries(dir));
  const findings = [...analysis.document.findings, ...trends].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  // The input says what was read: the history, and how many snapshots made the trends.
  analysis.document.findings = findings;
  Object.assign(analysis.document.input, { history: { folder: dir, snapshots: snapshots.length, newest: newest.baseName } });
  return analysis;
}
