// One scheduled cycle: lock, collect, point + prune + history per host, fleet index, one log line.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { safeHostPart } from '../archive/names.js';
import { writeFileAtomic } from '../archive/write-file.js';
import { collectFleet, type FleetRunOptions } from '../fleet/collect-fleet.js';
import { fleetFromFolders, LAST_RUN, type LastRun } from '../fleet/from-folders.js';
import { writeFleetIndex } from '../fleet/write.js';
import { oneLine } from '../format/control.js';
import type { Inventory } from '../inventory/model.js';
import { trendFindings } from '../trends/findings.js';
import { pointFile, pointOfAnalysis, readSeries } from '../trends/series.js';
import { renderHistoryMarkdown } from './history-md.js';
import { renderHistoryHtml } from './history-page.js';
import type { Keep } from './keep.js';
import { lockHost } from './lock.js';
import { prune } from './retention.js';
import { listSnapshots } from './snapshots.js';

export interface CycleOptions extends Omit<FleetRunOptions, 'outDirFor' | 'started' | 'done' | 'failed'> {
  inventory: Inventory;
  /** The hosts of this controller (after --limit and --shard). */
  names: string[];
  outDir: string;
  keep: Keep;
  /** Told which host folders are being written, so a stop can clean their partial files. */
  inFlight?: Set<string>;
}

export interface CycleResult {
  collected: string[];
  failed: Array<{ host: string; error: string }>;
  /** Hosts whose previous collection (this process's or another's) was still going. */
  skipped: string[];
  pruned: number;
  ms: number;
}

export function hostDirOf(outDir: string, name: string): string {
  return join(outDir, safeHostPart(name));
}

/** Hidden partial files a killed run left (never under a final name): removed before writing again. */
export async function removePartials(hostDir: string): Promise<void> {
  for (const name of await readdir(hostDir).catch(() => [] as string[])) {
    if (name.startsWith('.') && name.endsWith('.partial')) await rm(join(hostDir, name), { force: true });
  }
}

/** Points, trends and the history pages (index.html, index.md) of one host folder. */
export async function writeHistory(hostDir: string, host: string, now: Date): Promise<void> {
  const points = await readSeries(hostDir, { cache: true });
  const input = { host, snapshots: await listSnapshots(hostDir), points, trends: trendFindings(points), generatedAt: now };
  await writeFileAtomic(join(hostDir, 'index.html'), renderHistoryHtml(input));
  await writeFileAtomic(join(hostDir, 'index.md'), renderHistoryMarkdown(input));
}

async function recordRun(hostDir: string, run: LastRun): Promise<void> {
  await writeFileAtomic(join(hostDir, LAST_RUN), `${JSON.stringify(run)}\n`);
}

export async function runCycle(options: CycleOptions): Promise<CycleResult> {
  const started = Date.now();
  const result: CycleResult = { collected: [], failed: [], skipped: [], pruned: 0, ms: 0 };
  const unlock = new Map<string, () => Promise<void>>();
  for (const name of options.names) {
    const hostDir = hostDirOf(options.outDir, name);
    await mkdir(hostDir, { recursive: true });
    // Told before the lock is taken: a stop in between must still find and remove it.
    options.inFlight?.add(hostDir);
    const release = await lockHost(hostDir);
    if (release === null) {
      options.inFlight?.delete(hostDir);
      result.skipped.push(name);
    } else {
      await removePartials(hostDir);
      unlock.set(name, release);
    }
  }
  try {
    const names = options.names.filter((n) => unlock.has(n));
    const run = await collectFleet(options.inventory, names, {
      ...options,
      outDirFor: (name) => hostDirOf(options.outDir, name),
      failed: (name, error) => result.failed.push({ host: name, error }),
    });
    // Partial hosts have results too (their snapshot is written): a point, but counted as failed.
    for (const [name, snap] of run.results) {
      const point = pointOfAnalysis(snap.analysis, snap.baseName);
      await writeFileAtomic(pointFile(hostDirOf(options.outDir, name), snap.baseName), `${JSON.stringify(point)}\n`);
      if (snap.partial === undefined) result.collected.push(name);
    }
    const now = new Date();
    for (const name of names) {
      const hostDir = hostDirOf(options.outDir, name);
      const failure = result.failed.find((f) => f.host === name);
      await recordRun(hostDir, { host: name, at: now.toISOString(), ok: !failure, error: failure?.error ?? null });
      result.pruned += (await prune(hostDir, options.keep, now)).length;
      await writeHistory(hostDir, name, now);
    }
  } finally {
    for (const [name, release] of unlock) {
      await release();
      options.inFlight?.delete(hostDirOf(options.outDir, name));
    }
  }
  await writeFleetIndex(options.outDir, await fleetFromFolders([options.outDir], options.outDir));
  result.ms = Date.now() - started;
  return result;
}

/** The one log line of a run: `2026-12-01T04:00:00Z run: 3 collected, 1 failed (web2: …), 1 skipped (web9: still collecting), 2 pruned, 12.3 s`. */
export function cycleLine(at: Date, r: CycleResult): string {
  const failed = r.failed.map((f) => `${oneLine(f.host)}: ${oneLine(f.error).slice(0, 200)}`).join('; ');
  const skipped = r.skipped.map((s) => oneLine(s)).join(', ');
  return `${at.toISOString()} run: ${r.collected.length} collected, ${r.failed.length} failed${failed ? ` (${failed})` : ''}, `
    + `${r.skipped.length} skipped${skipped ? ` (${skipped}: previous collection still going)` : ''}, ${r.pruned} pruned, ${(r.ms / 1000).toFixed(1)} s`;
}
