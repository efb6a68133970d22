// The fleet index (schema hostsnap/fleet@1): every host's findings counts and reports, worst first, and setting outliers.
import type { AnalysisDocument, Severity } from '../analysis/types.js';
import type { PartialRecord } from '../archive/types.js';
import { settingOutliers, type SettingOutlier } from './outliers.js';
import type { HostSettings } from './settings.js';

export const FLEET_SCHEMA = 'hostsnap/fleet@1';

/** One host as the index lists it. Strings from hosts are untrusted: renderers escape them. */
export interface FleetHost {
  /** The host's own name (uname -n), null when the input did not say. */
  name: string | null;
  /** What was read: a path given to `analyze`, or a target given to `collect`. */
  input: string;
  /** The input's kind: sosreport, archive, folder, log, paste, live. */
  kind: string;
  kernel: string | null;
  arch: string | null;
  /** Inventory groups (`all` and `ungrouped` included); [] when the input had no inventory. */
  groups: string[];
  /** Swap areas' total in kB (0: no swap), null when not read. */
  swapTotalKb: number | null;
  /** The host's vm.* sysctl values as printed; {} when not read. */
  vm: Record<string, string>;
  /** The sos version that made a sosreport input, else null. */
  sosVersion: string | null;
  counts: Record<Severity, number>;
  /** Finding ids, each once, in the order the analysis gave them (worst first). */
  findings: string[];
  /** Finding ids this host has and most others do not (see outliersOf); setting outliers are the document's settingOutliers. */
  outliers: string[];
  /** Format -> report file, relative to the index. */
  reports: Record<string, string>;
  /** The host's history page (OUT/HOST/index.html of `schedule`), relative to the index; absent otherwise. */
  history?: string;
  /** The collection was cut short: its reports are written, and the host is also in `failed`. Absent when whole. */
  partial?: PartialRecord;
}

/** An input that gave no report (or, when partial, a report of part of it), and why. */
export interface FleetFailure {
  input: string;
  error: string;
  /** A partial host's written reports (format -> file, relative to the index); absent when nothing was written. */
  reports?: Record<string, string>;
}

export interface FleetDocument {
  schema: typeof FLEET_SCHEMA;
  generatedAt: string;
  /** Worst first: most critical, then most warnings, then most info findings, then by name. */
  hosts: FleetHost[];
  failed: FleetFailure[];
  /** Hosts whose kernel, arch, swap or a vm.* value differs from their group's majority (outliers.ts). */
  settingOutliers: SettingOutlier[];
}

/** What a caller (analyze today, collect next) hands over for one host. */
export interface FleetEntry {
  input: string;
  document: AnalysisDocument;
  sosVersion?: string | null;
  reports: Record<string, string>;
  history?: string;
  /** Inventory groups of the host (collect); absent: the one implicit group. */
  groups?: string[];
  /** Kernel, arch, swap and vm.* (settings.ts); absent: kernel and arch of the document only. */
  settings?: HostSettings | null;
  /** manifest.partial of a collection cut short. */
  partial?: PartialRecord;
}

const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];

function countsOf(document: AnalysisDocument): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const finding of document.findings) counts[finding.severity] += 1;
  return counts;
}

/** Worst first; ties by name (a host without one sorts last), then by input. */
export function worstFirst(a: FleetHost, b: FleetHost): number {
  for (const severity of SEVERITIES) {
    if (a.counts[severity] !== b.counts[severity]) return b.counts[severity] - a.counts[severity];
  }
  if ((a.name ?? '\uffff') !== (b.name ?? '\uffff')) return (a.name ?? '\uffff') < (b.name ?? '\uffff') ? -1 : 1;
  return a.input < b.input ? -1 : a.input > b.input ? 1 : 0;
}

/**
 * A finding is an outlier on the hosts that have it when fewer than half of the fleet does, and
 * the fleet has at least three hosts: with two, neither is "the odd one". Cluster nodes are
 * meant to look alike, so the node whose kernel log alone shows OOM kills stands out.
 */
export function outliersOf(hosts: Array<{ findings: string[] }>): Array<string[]> {
  if (hosts.length < 3) return hosts.map(() => []);
  const having = new Map<string, number>();
  for (const host of hosts) for (const id of host.findings) having.set(id, (having.get(id) ?? 0) + 1);
  return hosts.map((host) => host.findings.filter((id) => (having.get(id) ?? 0) * 2 < hosts.length));
}

export function buildFleet(entries: FleetEntry[], failed: FleetFailure[], now: Date = new Date()): FleetDocument {
  const settings = entries.map((e) => e.settings ?? { kernel: e.document.host.kernel, arch: e.document.host.arch, swapTotalKb: null, vm: {} });
  const hosts: FleetHost[] = entries.map(({ input, document, sosVersion, reports, history, groups, partial }, i) => ({
    name: document.host.name,
    input,
    kind: document.input.kind,
    kernel: document.host.kernel,
    arch: document.host.arch,
    groups: groups ?? [],
    swapTotalKb: settings[i].swapTotalKb,
    vm: settings[i].vm,
    sosVersion: sosVersion ?? null,
    counts: countsOf(document),
    findings: [...new Set(document.findings.map((f) => f.id))],
    outliers: [],
    reports,
    ...(history === undefined ? {} : { history }),
    ...(partial === undefined ? {} : { partial }),
  }));
  outliersOf(hosts).forEach((ids, i) => (hosts[i].outliers = ids));
  const outliers = settingOutliers(hosts.map((h, i) => ({ input: h.input, name: h.name, groups: h.groups, settings: settings[i] })));
  return { schema: FLEET_SCHEMA, generatedAt: now.toISOString(), hosts: hosts.sort(worstFirst), failed, settingOutliers: outliers };
}
