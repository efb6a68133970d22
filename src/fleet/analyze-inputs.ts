// Several inputs at once (sosreports of a cluster's nodes): one report per host, then the fleet index.
import { lstat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Analysis } from '../analysis/types.js';
import { readInput } from '../archive/input.js';
import { safeHostPart } from '../archive/names.js';
import type { SosInfo } from '../archive/sosreport.js';
import type { SourceSet } from '../archive/types.js';
import { describeError } from '../errors.js';
import { REPORT_EXTENSION, type ReportFormat } from '../report/render-formats.js';
import { loadRenderers } from '../report/render-load.js';
import type { ObfuscationMap } from '../obfuscate/mapping.js';
import { UsageError } from '../errors.js';
import type { FleetDocument, FleetEntry, FleetFailure } from './document.js';

// What only some inputs need is imported where it is used: the trends (a history folder), the
// obfuscation (--obfuscate) and the fleet index (several inputs) cost ~0.1 s of CPU to load that
// a single archive or sosreport never uses (bench/imports). The analysis itself (parsers, facts,
// rules: ~100 modules, ~0.15 s of CPU) is imported while the input is read: an .tar.xz is decoded
// on libuv's pool (lzma-native), so the main thread compiles those modules in the meantime.

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
export async function analyzePath(path: string, obfuscation?: ObfuscationMap): Promise<{ analysis: Analysis; sos: SosInfo | null }> {
  // A host's history folder (OUT/HOST/ of `schedule`): its newest snapshot plus the trends. Only a
  // folder can be one (isHistoryFolder says no to anything else), so a file never loads the trends.
  if ((await lstat(path).catch(() => null))?.isDirectory()) {
    const { analyzeHistory, isHistoryFolder } = await import('../trends/history-analysis.js');
    if (await isHistoryFolder(path)) {
      if (obfuscation) throw new UsageError(`${path}: --obfuscate does not read a history folder`, { expected: 'an archive, a snapshot or sosreport folder, a log or a paste', found: 'a schedule host folder' });
      return { analysis: await analyzeHistory(path), sos: null };
    }
  }
  // --obfuscate: names learnt and replaced before anything is analysed, so every report is made of stand-ins.
  const reading = obfuscation ? readObfuscated(path, obfuscation) : readInput(path);
  const [set, { analyze }] = await Promise.all([reading, import('../analysis/analyze.js')]);
  const analysis = analyze(set);
  const sos = sosInfoOf(set);
  if (sos) Object.assign(analysis.document.input, { sos });
  return { analysis, sos };
}

async function readObfuscated(path: string, obfuscation: ObfuscationMap): Promise<SourceSet> {
  const [{ obfuscateSourceSet }, set] = await Promise.all([import('../obfuscate/sources.js'), readInput(path)]);
  return obfuscateSourceSet(obfuscation, set);
}

/**
 * Analyses each path in turn (one in memory at a time), writes its reports into `outDir` under
 * a name unique in this run, and the fleet index beside them. An input that cannot be read is
 * listed in the index as failed; the others go on. `written` hears each file as it lands.
 */
export async function analyzeInputs(paths: string[], outDir: string, formats: ReportFormat[], written: (file: string) => void, obfuscation?: ObfuscationMap): Promise<FleetDocument> {
  const [{ buildFleet }, { settingsOfFacts }, { writeFleetIndex }, renderers, { writeFileAtomic }] = await Promise.all([
    import('./document.js'), import('./settings.js'), import('./write.js'), loadRenderers(formats), import('../archive/write-file.js'),
  ]);
  const hide = (text: string): string => obfuscation?.apply(text) ?? text;
  const entries: FleetEntry[] = [];
  const failed: FleetFailure[] = [];
  const taken = new Set<string>();
  for (const path of paths) {
    let result: Awaited<ReturnType<typeof analyzePath>>;
    try {
      result = await analyzePath(path, obfuscation);
    } catch (error) {
      failed.push({ input: hide(path), error: hide(describeError(error).replace(/^hostsnap: /, '')) });
      continue;
    }
    const { analysis, sos } = result;
    let base = reportBase(analysis.document.host.name, hide(path));
    for (let n = 2; taken.has(base); n++) base = `${reportBase(analysis.document.host.name, hide(path))}-${n}`;
    taken.add(base);
    const reports: Record<string, string> = {};
    for (const format of formats) {
      const name = `${base}.${REPORT_EXTENSION[format]}`;
      await writeFileAtomic(join(outDir, name), renderers.get(format)!(analysis));
      written(join(outDir, name));
      reports[format] = name;
    }
    entries.push({ input: hide(path), document: analysis.document, sosVersion: sos?.version ?? null, reports, settings: settingsOfFacts(analysis.facts) });
  }
  const doc = buildFleet(entries, failed);
  for (const file of await writeFleetIndex(outDir, doc)) written(file);
  return doc;
}
