// One fleet run: every named host collected concurrently (bounded), each into its own folder, failures as data.
import { basename } from 'node:path';
import { mapLimit } from '../collect/pool.js';
import { describeError, TransportError } from '../errors.js';
import { hostConnection } from '../inventory/connection.js';
import type { Inventory } from '../inventory/model.js';
import { snapshotHost, type SnapshotResult } from '../pipeline/snapshot.js';
import type { ReportFormat } from '../report/index.js';
import type { SshOptions } from '../transport/index.js';
import type { FleetEntry, FleetFailure } from './document.js';
import { settingsOfFacts } from './settings.js';
import type { ObfuscationMap } from '../obfuscate/mapping.js';
import { seedInventory } from '../obfuscate/inventory.js';
import { PartialHostError, partialSummary } from '../collect/partial.js';

export interface FleetRunOptions {
  formats: ReportFormat[];
  concurrency: number;
  sudo: boolean;
  /** The shared SSH options (-F, --identity, --accept-new); the inventory's own per host win over none. */
  ssh: () => SshOptions;
  connectTimeoutMs?: number;
  stopAfterMs?: number;
  /** Mask secrets before anything is written (default true; --no-redact). */
  redact?: boolean;
  /** --obfuscate: one mapping for the whole collection (hosts' folders are then the run's stage). */
  obfuscation?: ObfuscationMap;
  /** The folder a host's files go to: OUT for `collect`, OUT/HOST for `schedule`. */
  outDirFor: (name: string) => string;
  /** Said once per host connection detail the inventory gave and hostsnap does not follow. */
  ignored?: (name: string, what: string) => void;
  started?: (name: string) => void;
  done?: (name: string, result: SnapshotResult) => void;
  failed?: (name: string, error: string) => void;
  /** A host's files are written (whole, or partial: then `failed` was told too): to attach them. */
  written?: (name: string, result: SnapshotResult) => void;
}

export interface FleetRun {
  entries: FleetEntry[];
  failed: FleetFailure[];
  /** Hosts given up at their deadline: their session may still be open. */
  abandoned: string[];
  results: Map<string, SnapshotResult>;
}

/** The host's whole run (connect, collect, write) bounded: a host that hangs never holds up the fleet. */
function withDeadline<T>(name: string, stopAfterMs: number | undefined, onTimeout: () => void, work: Promise<T>): Promise<T> {
  if (stopAfterMs === undefined) return work;
  // The collector's own stop gets the deadline; this one, 15 s later, catches what that could not stop.
  const limitMs = stopAfterMs + 15_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new TransportError(name, `did not finish within ${Math.round(limitMs / 1000)} s (--host-timeout): abandoned`));
    }, limitMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Collects `names` (hosts of `inventory`); failed hosts are listed in `names` order. */
export async function collectFleet(inventory: Inventory, names: string[], options: FleetRunOptions): Promise<FleetRun> {
  const byName = new Map(inventory.hosts.map((h) => [h.name, h]));
  const run: FleetRun = { entries: [], failed: [], abandoned: [], results: new Map() };
  // Every inventory name, address and user is known before the first host is written.
  if (options.obfuscation) seedInventory(options.obfuscation, names.map((n) => hostConnection(byName.get(n)!)), names, names.flatMap((n) => byName.get(n)!.groups));
  const hide = (text: string): string => options.obfuscation?.apply(text) ?? text;
  await mapLimit(names, options.concurrency, async (name) => {
    const connection = hostConnection(byName.get(name)!);
    for (const what of connection.ignored) options.ignored?.(name, what);
    const ssh = options.ssh();
    if (options.connectTimeoutMs !== undefined) ssh.connectTimeoutMs = options.connectTimeoutMs;
    if (connection.identity !== undefined && ssh.identity === undefined) ssh.identity = connection.identity;
    if (connection.proxyJump !== undefined) ssh.proxyJump = connection.proxyJump;
    options.started?.(name);
    const record = (result: SnapshotResult): Record<string, string> => {
      const reports = Object.fromEntries(options.formats.map((f, i) => [f, basename(result.reports[i])]));
      const groups = byName.get(name)!.groups.map((g) => options.obfuscation?.add('group', g) ?? g);
      run.entries.push({ input: hide(name), document: result.analysis.document, reports, groups, settings: settingsOfFacts(result.analysis.facts), ...(result.partial ? { partial: result.partial } : {}) });
      run.results.set(name, result);
      return reports;
    };
    try {
      const result = await withDeadline(name, options.stopAfterMs, () => run.abandoned.push(name),
        snapshotHost(connection.target, { outDir: options.outDirFor(name), formats: options.formats, sudo: options.sudo || connection.sudo, ssh, stopAfterMs: options.stopAfterMs, redact: options.redact ?? true, obfuscation: options.obfuscation }));
      record(result);
      options.done?.(name, result);
      options.written?.(name, result);
    } catch (error) {
      // A partial host is listed with its reports (marked partial) and as failed: exit 3, in
      // failed.txt for a rerun. Its text there is the summary, not the paths on stderr.
      if (error instanceof PartialHostError) {
        const result = error.result as SnapshotResult;
        const text = hide(partialSummary(result.partial!));
        run.failed.push({ input: hide(name), error: text, reports: record(result) });
        options.failed?.(name, describeError(error).replace(/^hostsnap: /, '').replace(/\n\s*/g, '; '));
        options.written?.(name, result);
        return;
      }
      // One host failing never holds up the others; the index and failed.txt name it.
      const text = describeError(error).replace(/^hostsnap: /, '').replace(/\n\s*/g, '; ');
      run.failed.push({ input: hide(name), error: hide(text) });
      options.failed?.(name, text);
    }
  });
  const order = new Map(names.map((n, i) => [hide(n), i]));
  run.failed.sort((a, b) => order.get(a.input)! - order.get(b.input)!);
  return run;
}
