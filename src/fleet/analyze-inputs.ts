// Several inputs at once (sosreports of a cluster's nodes): one report per host, then the fleet index.
import { basename, join } from 'node:path';
import { analyze } from '../analysis/analyze.js';
import type { Analysis } from '../analysis/types.js';
import { readInput } from '../archive/input.js';
import { safeHostPart } from '../archive/names.js';
import type { SosInfo } from '../archive/sosreport.js';
import type { SourceSet } from '../archive/types.js';
import { writeFileAtomic } from '../archive/write-file.js';
import { describeError } from '../errors.js';
import { analyzeHistory, isHistoryFolder } from '../trends/history-analysis.js';
import { render, REPORT_EXTENSION, type ReportFormat } from '../report/index.js';
import { buildFleet, type FleetDocument, type FleetEntry, type FleetFailure } from './document.js';
import { settingsOfFacts } from './settings.js';
import { writeFleetIndex } from './write.js';

/** `web1-sosreport-web1-2026-11-30-abc`: the host, then the input's own name without extension. */
export function reportBase(host: string | null, path: string): string {
  const input = safeHostPart(basename(path).replace(/\.(tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2?|tar|txt|log)$/i, ''));
  return host ? `${safeHostPart(host)}-${input}` : input;
}

/** The sosreport's own facts (version, files read per source), when the input was one. */
export function sosInfoOf(set: SourceSet): SosInfo | null {
  return 'sos' in set ? (set as SourceSet & { sos: SosInfo }).sos : null;
}

/**
 * The analysis, with `input.sos` added to the JSON document for a sosreport: which sos made it
 * and which file each source was read from (the contract lets fields be added).
 */
export async function analyzePath(path: string): Promise<{ analysis: Analysis; sos: SosInfo | null }> {
  // A host's history folder (OUT/HOST/ of `schedule`): its newest snapshot plus the trends.
  if (await isHistoryFolder(path)) return { analysis: await analyzeHistory(path), sos: null };
  const set = await readInput(path);
  const analysis = analyze(set);
  const sos = sosInfoOf(set);
  if (sos) Object.assign(analysis.document.input, { sos });
  return { analysis, sos };
}

/**
 * Analyses each path in turn (one in memory at a time), writes its reports into `outDir` under
 * a name unique in this run, and the fleet index beside them. An input that cannot be read is
 * listed in the index as failed; the others go on. `written` hears each file as it lands.
 */
export async function analyzeInputs(paths: string[], outDir: string, formats: ReportFormat[], written: (file: string) => void): Promise<FleetDocument> {
  const entries: FleetEntry[] = [];
  const failed: FleetFailure[] = [];
  const taken = new Set<string>();
  for (const path of paths) {
    let result: Awaited<ReturnType<typeof analyzePath>>;
    try {
      result = await analyzePath(path);
    } catch (error) {
      failed.push({ input: path, error: describeError(error).replace(/^hostsnap: /, '') });
      continue;
    }
    const { analysis, sos } = result;
    let base = reportBase(analysis.document.host.name, path);
    for (let n = 2; taken.has(base); n++) base = `${reportBase(analysis.document.host.name, path)}-${n}`;
    taken.add(base);
    const reports: Record<string, string> = {};
    for (const format of formats) {
      const name = `${base}.${REPORT_EXTENSION[format]}`;
      await writeFileAtomic(join(outDir, name), render(analysis, format));
      written(join(outDir, name));
      reports[format] = name;
    }
    entries.push({ input: path, document: analysis.document, sosVersion: sos?.version ?? null, reports, settings: settingsOfFacts(analysis.facts) });
  }
  const doc = buildFleet(entries, failed);
  for (const file of await writeFleetIndex(outDir, doc)) written(file);
  return doc;
}
