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
import { hostConnection } from '../inventory/connection.js';
import { checkedWriter, type TextWriter } from '../obfuscate/checked-write.js';
import { seedInventory } from '../obfuscate/inventory.js';
import type { ObfuscationMap } from '../obfuscate/mapping.js';
import { loadMapping, type PersistentMapping } from '../obfuscate/persistent.js';
import { discardStage, openStage, publishStage } from '../obfuscate/stage.js';

export interface CycleOptions extends Omit<FleetRunOptions, 'outDirFor' | 'started' | 'done' | 'failed' | 'obfuscation'> {
  inventory: Inventory;
  /** The hosts of this controller (after --limit and --shard). */
  names: string[];
  outDir: string;
  keep: Keep;
  /** Told which host folders are being written, so a stop can clean their partial files. */
  inFlight?: Set<string>;
  /** schedule --obfuscate: OUT's mapping, kept across cycles (src/obfuscate/persistent.ts). */
  persistent?: PersistentMapping;
}

/** One obfuscated cycle's mapping, loaded under its lock. */
interface Hidden { map: ObfuscationMap; save: () => Promise<void>; path: string }

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

/**
 * Inventory names that would share one history folder (safeHostPart makes `web/1` and `web_1`
 * both `web_1`): the second would find the first's lock and be skipped every cycle, and their
 * snapshots would mix. Each entry: the folder and the names, in inventory order.
 */
export function sharedHostFolders(names: readonly string[]): Array<{ folder: string; names: string[] }> {
  const byFolder = new Map<string, string[]>();
  for (const name of names) {
    const folder = safeHostPart(name);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), name]);
  }
  return [...byFolder].filter(([, shared]) => shared.length > 1).map(([folder, shared]) => ({ folder, names: shared }));
}

/** Hidden partial files a killed run left (never under a final name): removed before writing again. */
export async function removePartials(hostDir: string): Promise<void> {
  for (const name of await readdir(hostDir).catch(() => [] as string[])) {
    if (name.startsWith('.') && name.endsWith('.partial')) await rm(join(hostDir, name), { force: true });
  }
}

/** Points, trends and the history pages (index.html, index.md) of one host folder. */
export async function writeHistory(hostDir: string, host: string, now: Date, write: TextWriter = writeFileAtomic): Promise<void> {
  const points = await readSeries(hostDir, { cache: true });
  const input = { host, snapshots: await listSnapshots(hostDir), points, trends: trendFindings(points), generatedAt: now };
  await write(join(hostDir, 'index.html'), renderHistoryHtml(input));
  await write(join(hostDir, 'index.md'), renderHistoryMarkdown(input));
}

/**
 * With --obfuscate, a cycle holds OUT's mapping (lockHost on its private folder): a second
 * process on the same OUT (cron's --once beside a scheduler) skips the whole cycle rather than
 * give two hosts one stand-in. (A killed cycle's stage goes like any temporary: stage.ts.)
 */
export async function runCycle(options: CycleOptions): Promise<CycleResult> {
  if (options.persistent === undefined) return cycle(options, null);
  const release = await lockHost(options.persistent.dir);
  if (release === null) return { collected: [], failed: [], skipped: [...options.names], pruned: 0, ms: 0 };
  try {
    return await cycle(options, { ...(await loadMapping(options.persistent)), path: options.persistent.path });
  } finally {
    await release();
  }
}

async function recordRun(hostDir: string, run: LastRun, write: TextWriter): Promise<void> {
  await write(join(hostDir, LAST_RUN), `${JSON.stringify(run)}\n`);
}

/**
 * With --obfuscate (hidden), host folders are named by stand-ins, the hosts are written into a
 * stage, verified and published (src/obfuscate/stage.ts) after the mapping is saved, and what is
 * made afterwards from them (last-run, history pages, index) is checked text by text.
 */
async function cycle(options: CycleOptions, hidden: Hidden | null): Promise<CycleResult> {
  const started = Date.now();
  const byName = new Map(options.inventory.hosts.map((h) => [h.name, h]));
  if (hidden) {
    seedInventory(hidden.map, options.names.map((n) => hostConnection(byName.get(n)!)), options.names, options.names.flatMap((n) => byName.get(n)!.groups));
  }
  const named = (text: string): string => hidden?.map.apply(text) ?? text;
  const hostDir = (name: string): string => hostDirOf(options.outDir, named(name));
  const write: TextWriter = hidden ? checkedWriter(hidden.map) : writeFileAtomic;
  const stage = hidden ? await openStage(options.outDir) : null;
  const outDirFor = (name: string): string => (stage ? join(stage.dir, safeHostPart(named(name))) : hostDir(name));
  const result: CycleResult = { collected: [], failed: [], skipped: [], pruned: 0, ms: 0 };
  const unlock = new Map<string, () => Promise<void>>();
  for (const name of options.names) {
    const dir = hostDir(name);
    await mkdir(dir, { recursive: true });
    // Told before the lock is taken: a stop in between must still find and remove it.
    options.inFlight?.add(dir);
    const release = await lockHost(dir);
    if (release === null) {
      options.inFlight?.delete(dir);
      result.skipped.push(name);
    } else {
      await removePartials(dir);
      unlock.set(name, release);
    }
  }
  try {
    const names = options.names.filter((n) => unlock.has(n));
    const run = await collectFleet(options.inventory, names, {
      ...options,
      obfuscation: hidden?.map,
      outDirFor,
      failed: (name, error) => result.failed.push({ host: name, error }),
    });
    // Partial hosts have results too (their snapshot is written): a point, but counted as failed.
    for (const [name, snap] of run.results) {
      const point = pointOfAnalysis(snap.analysis, snap.baseName);
      await writeFileAtomic(pointFile(outDirFor(name), snap.baseName), `${JSON.stringify(point)}\n`);
      if (snap.partial === undefined) result.collected.push(name);
    }
    if (hidden && stage) {
      // Saved first: a published stand-in is always in the saved mapping.
      await hidden.save();
      await publishStage(stage, hidden.map, hidden.path);
    }
    const now = new Date();
    for (const name of names) {
      const dir = hostDir(name);
      const failure = result.failed.find((f) => f.host === name);
      await recordRun(dir, { host: named(name), at: now.toISOString(), ok: !failure, error: failure ? named(failure.error) : null }, write);
      result.pruned += (await prune(dir, options.keep, now)).length;
      await writeHistory(dir, named(name), now, write);
    }
  } finally {
    if (stage) await discardStage(stage);
    for (const [name, release] of unlock) {
      await release();
      options.inFlight?.delete(hostDir(name));
    }
  }
  // The index groups the hosts of this run as collect's does (outliers per group); with --obfuscate
  // by the groups' stand-ins, all seeded above, so the mapping does not grow after it was saved.
  const groupsByFolder = new Map(options.names.map((n) => [safeHostPart(named(n)), byName.get(n)!.groups.map((g) => hidden?.map.add('group', g) ?? g)]));
  await writeFleetIndex(options.outDir, await fleetFromFolders([options.outDir], options.outDir, new Date(), (folder) => groupsByFolder.get(folder)), write);
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
