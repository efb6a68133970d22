// The fleet index rebuilt from schedule's folders (OUT/HOST/ of one or several controllers): newest snapshot per host.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { analyze } from '../analysis/analyze.js';
import type { AnalysisDocument } from '../analysis/types.js';
import { readArchive } from '../archive/read.js';
import type { PartialRecord, SourceSet } from '../archive/types.js';
import { listSnapshots } from '../schedule/snapshots.js';
import { buildFleet, type FleetDocument, type FleetEntry, type FleetFailure } from './document.js';
import { settingsOfSources, type HostSettings } from './settings.js';

/** What schedule leaves in OUT/HOST/last-run.json after each attempt at a host. */
export interface LastRun {
  host: string;
  at: string;
  ok: boolean;
  error: string | null;
}

export const LAST_RUN = 'last-run.json';

/**
 * The JSON report is the analysis document; without it (--format html) the archive has it. The
 * settings (vm.* and swap) and manifest.partial are not in the document: they are read from the archive.
 */
async function documentOf(hostDir: string, baseName: string, files: string[]): Promise<{ document: AnalysisDocument; settings: HostSettings | null; partial?: PartialRecord }> {
  const path = join(hostDir, `${baseName}.tar.gz`);
  const partialOf = (set: SourceSet): { partial?: PartialRecord } => (set.manifest?.partial === undefined ? {} : { partial: set.manifest.partial });
  if (files.includes(`${baseName}.json`)) {
    const doc = JSON.parse(await readFile(join(hostDir, `${baseName}.json`), 'utf8')) as AnalysisDocument;
    // An unreadable archive costs the host its settings only: the document still lists it.
    const archive = await readArchive(path).catch(() => null);
    if (doc.schema === 'hostsnap/analysis@1') return { document: doc, settings: archive && settingsOfSources(archive), ...(archive ? partialOf(archive) : {}) };
  }
  const archive = await readArchive(path);
  return { document: analyze(archive).document, settings: settingsOfSources(archive), ...partialOf(archive) };
}

async function lastRunOf(hostDir: string): Promise<LastRun | null> {
  try {
    return JSON.parse(await readFile(join(hostDir, LAST_RUN), 'utf8')) as LastRun;
  } catch {
    return null;
  }
}

/**
 * Every host folder of every DIR (a folder is a host's when it has a snapshot or a last-run.json).
 * Links are relative to `indexDir`. A host whose last attempt failed is listed as failed, and
 * also with its newest snapshot when it has one. The same host in two DIRs: the newer wins.
 * `groupsOf(folder)`: the host's inventory groups where the caller has the inventory (schedule);
 * without it every host is in the one implicit group, as `hostsnap index` has no inventory.
 */
export async function fleetFromFolders(dirs: string[], indexDir: string, now: Date = new Date(), groupsOf: (folder: string) => string[] | undefined = () => undefined): Promise<FleetDocument> {
  const entries = new Map<string, { at: number; entry: FleetEntry }>();
  const failed = new Map<string, { at: number; failure: FleetFailure }>();
  for (const dir of dirs) {
    const names = (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
    for (const host of names) {
      const hostDir = join(dir, host);
      const snapshots = await listSnapshots(hostDir);
      const last = await lastRunOf(hostDir);
      if (last && !last.ok) {
        const at = Date.parse(last.at);
        if ((failed.get(host)?.at ?? -Infinity) < at) failed.set(host, { at, failure: { input: host, error: last.error ?? 'failed' } });
      }
      const newest = snapshots[snapshots.length - 1];
      if (!newest || (entries.get(host)?.at ?? -Infinity) >= newest.at.getTime()) continue;
      const reports: Record<string, string> = {};
      for (const file of newest.files) {
        const format = file.slice(newest.baseName.length + 1);
        if (format !== 'point.json' && format !== 'tar.gz') reports[format === 'json' ? 'json' : format] = relative(indexDir, join(hostDir, file));
      }
      const { document, settings, partial } = await documentOf(hostDir, newest.baseName, newest.files);
      const groups = groupsOf(host);
      entries.set(host, { at: newest.at.getTime(), entry: { input: host, document, settings, reports, history: relative(indexDir, join(hostDir, 'index.html')), ...(groups ? { groups } : {}), ...(partial ? { partial } : {}) } });
    }
  }
  // A failure older than the host's newest snapshot (it came back) is not listed.
  const stillFailing = [...failed.values()].filter((f) => (entries.get(f.failure.input)?.at ?? -Infinity) < f.at).map((f) => f.failure);
  // A host whose last attempt was partial: its failure links to the reports of that attempt.
  for (const failure of stillFailing) {
    const entry = entries.get(failure.input)?.entry;
    if (entry?.partial) failure.reports = entry.reports;
  }
  return buildFleet([...entries.values()].map((e) => e.entry), stillFailing.sort((a, b) => (a.input < b.input ? -1 : 1)), now);
}
