// One host end to end: collect over one transport -> live SourceSet -> analyze -> archive -> reports.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { analyze } from '../analysis/analyze.js';
import { manifestNotices } from '../analysis/manifest-notices.js';
import type { Analysis } from '../analysis/types.js';
import { buildSourceSet } from '../archive/manifest.js';
import { writeArchive } from '../archive/write.js';
import { writeFileAtomic } from '../archive/write-file.js';
import type { Probe } from '../probes/types.js';
import { render, REPORT_EXTENSION, type ReportFormat } from '../report/index.js';
import { isLocalTarget, openTransport, type SshOptions } from '../transport/index.js';
import { collectHost } from '../collect/collect.js';
import { redactCollection } from '../redact/collection.js';
import { notRedactedFinding } from '../redact/notice.js';
import type { SshTransport } from '../transport/ssh.js';
import type { UnverifiedHostKey } from '../transport/host-keys.js';
import { obfuscateCollection } from '../obfuscate/collection.js';
import type { ObfuscationMap } from '../obfuscate/mapping.js';
import { redactText } from '../redact/text.js';
import { PartialHostError, partialSummary } from '../collect/partial.js';
import type { PartialRecord } from '../archive/types.js';

export interface SnapshotOptions {
  outDir: string;
  formats: readonly ReportFormat[];
  sudo?: boolean;
  ssh?: SshOptions;
  /** The catalogue to run (default: every probe). */
  probes?: readonly Probe[];
  /** No new probe starts on the host after this many seconds (default: the collector's 120). */
  deadlineSeconds?: number;
  /** When the controller stops a collector still running (default: that deadline + the longest timeout + 15 s). */
  stopAfterMs?: number;
  /** Mask secrets before anything is written (default true; false is --no-redact). */
  redact?: boolean;
  /** --obfuscate: the run's mapping (one per collection); outDir is then the run's stage (src/obfuscate/run.ts). */
  obfuscation?: ObfuscationMap;
  /** Told the probe ids whose frames have arrived whole so far, and the one begun (collect.ts onArrived). */
  onArrived?: (ids: string[], running: string | null) => void;
}

export interface SnapshotResult {
  target: string;
  /** The host's own name (untrusted), null when it could not be learnt. */
  hostname: string | null;
  /** HOST-TIMESTAMP: the archive's top folder and the base name of every file written. */
  baseName: string;
  archive: string;
  reports: string[];
  analysis: Analysis;
  /** Wall time of the collection alone (connection to last probe), in ms. */
  collectMs: number;
  /** manifest.partial: the collection was cut short (the result then comes in a PartialHostError). */
  partial?: PartialRecord;
}

/**
 * Nothing is written before the collection has succeeded: a refused host key or a lost
 * connection leaves --out as it was. Errors name the target (TransportError from the transport).
 */
export async function snapshotHost(target: string, options: SnapshotOptions): Promise<SnapshotResult> {
  try {
    return await snapshotOnce(target, options);
  } catch (error) {
    // Error texts carry the host's words (a shell's stderr, a ProxyCommand's): they reach stderr,
    // progress lines and failed.txt, so they are masked like every written byte.
    throw options.redact === false ? error : redactError(error);
  }
}

/** The error with its message (and expected/found) masked by the redaction of src/redact. */
function redactError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  for (const key of ['message', 'expected', 'found'] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') Object.defineProperty(error, key, { value: redactText(value).text, writable: true, configurable: true });
  }
  return error;
}

/**
 * A partial collection (connection lost, collector stopped) is written like a whole one, with
 * manifest.partial saying what is missing and why, then thrown as a PartialHostError (exit 3)
 * that carries the result.
 */
async function snapshotOnce(target: string, options: SnapshotOptions): Promise<SnapshotResult> {
  const started = Date.now();
  const transport = await openTransport(target, options.ssh ?? {});
  let collection;
  // -o StrictHostKeyChecking=no: keys let in unverified, said in the manifest and first in the report.
  const unverified: UnverifiedHostKey[] = 'unverifiedHostKeys' in transport ? (transport as SshTransport).unverifiedHostKeys : [];
  try {
    collection = await collectHost(transport, {
      sudo: options.sudo,
      probes: options.probes,
      deadlineSeconds: options.deadlineSeconds,
      stopAfterMs: options.stopAfterMs,
      onArrived: options.onArrived,
      transport: isLocalTarget(target) ? 'local' : 'ssh',
    });
  } finally {
    await transport.close();
  }
  const collectMs = Date.now() - started;
  // The one point every written byte passes through: the archive, the analysis and so every
  // report are made from the redacted collection only.
  const redacted = redactCollection(collection.manifest, collection.outputs, options.redact !== false);
  // --obfuscate at the same point: names and addresses replaced before the archive, analysis and reports.
  const { manifest, outputs, target: named } = options.obfuscation ? obfuscateCollection(options.obfuscation, redacted.manifest, redacted.outputs, target) : { ...redacted, target };
  if (unverified.length > 0) {
    const keys = options.obfuscation
      ? unverified.map((u) => ({ ...u, host: options.obfuscation!.apply(u.host), knownHosts: u.knownHosts === null ? null : options.obfuscation!.apply(u.knownHosts) }))
      : unverified;
    manifest.hostKey = { verified: false, unverified: keys };
  }
  // analyze() puts the manifest's notices first (host key not verified, partial collection).
  const analysis = analyze(buildSourceSet('live', named, manifest, outputs));
  if (options.redact === false) analysis.document.findings.splice(manifestNotices(manifest).length, 0, notRedactedFinding());
  await mkdir(options.outDir, { recursive: true });
  const { path: archive, baseName } = await writeArchive(options.outDir, manifest.hostname ?? named, { manifest, outputs, analysis: analysis.document });
  const reports: string[] = [];
  for (const format of options.formats) {
    const name = `${baseName}.${REPORT_EXTENSION[format]}`;
    const path = join(options.outDir, name);
    await writeFileAtomic(path, render(analysis, format));
    reports.push(path);
  }
  const partial = manifest.partial;
  const result: SnapshotResult = { target, hostname: manifest.hostname, baseName, archive, reports, analysis, collectMs, ...(partial === undefined ? {} : { partial }) };
  if (partial !== undefined) throw new PartialHostError(target, `${partialSummary(partial)}; written: ${[archive, ...reports].join(' ')}`, result);
  return result;
}
