// A host's history folder -> its points, oldest first; a point missing beside its archive is computed once and kept.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyze } from '../analysis/analyze.js';
import type { Analysis } from '../analysis/types.js';
import { readArchive } from '../archive/read.js';
import { writeFileAtomic } from '../archive/write-file.js';
import { listSnapshots } from '../schedule/snapshots.js';
import { SEVERITY_RANK } from './findings.js';
import { pointOf, POINT_SCHEMA, type Point } from './point.js';


/** The point of a fresh analysis: what `schedule` writes beside each archive it collects. */
export function pointOfAnalysis(analysis: Analysis, baseName: string): Point {
  const worst = [...analysis.document.findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])[0];
  const at = analysis.document.collectedAt ?? new Date(0).toISOString();
  return pointOf(analysis.facts, { at, baseName, worst: worst ? { id: worst.id, severity: worst.severity, title: worst.title } : null });
}

export function pointFile(hostDir: string, baseName: string): string {
  return join(hostDir, `${baseName}.point.json`);
}

async function storedPoint(path: string): Promise<Point | null> {
  try {
    const point = JSON.parse(await readFile(path, 'utf8')) as Point;
    return point.schema === POINT_SCHEMA ? point : null;
  } catch {
    return null;
  }
}

/**
 * Every complete snapshot's point. Reading an archive and analysing it costs a fraction of a
 * second, so schedule caches a point beside it; an archive that cannot be read is left out (and said).
 */
export interface SeriesOptions {
  /** Write missing points beside their archives (schedule does; a read-only `analyze` does not). */
  cache?: boolean;
  skipped?: (baseName: string, why: string) => void;
}

export async function readSeries(hostDir: string, options: SeriesOptions = {}): Promise<Point[]> {
  const points: Point[] = [];
  for (const snapshot of await listSnapshots(hostDir)) {
    const file = pointFile(hostDir, snapshot.baseName);
    let point = await storedPoint(file);
    if (point === null) {
      try {
        point = pointOfAnalysis(analyze(await readArchive(join(hostDir, `${snapshot.baseName}.tar.gz`))), snapshot.baseName);
      } catch (error) {
        options.skipped?.(snapshot.baseName, error instanceof Error ? error.message : String(error));
        continue;
      }
      if (options.cache) await writeFileAtomic(file, `${JSON.stringify(point)}\n`).catch(() => undefined);
    }
    points.push(point);
  }
  return points.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
