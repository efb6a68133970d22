// The archive's contract: a manifest plus raw outputs, and the source set every reader produces.
import type { CommandResult } from '../transport/types.js';
import type { SosInfo } from './sosreport.js';

export const MANIFEST_SCHEMA = 'hostsnap/manifest@1';

/** One probe's entry in manifest.json. */
export interface ManifestProbe {
  id: string;
  /** The command line that produced raw/ID.txt (the fallback's, when one was used). */
  command: string;
  /** 'primary', or 'fallback:N' (N from 1) naming which way of the probe produced the data. */
  via: string;
  /** Every way tried, in order, with its result (the last one is the one that counts). */
  attempts: CommandResult[];
  /** Path inside the archive, e.g. raw/proc-meminfo.txt; null when nothing was kept. */
  file: string | null;
  /** When nothing was kept: the probe whose output holds the same data (slabtop -> proc-slabinfo). */
  coveredBy?: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  tool: { name: 'hostsnap'; version: string };
  /** What the user typed (`local`, `web1`, `root@10.0.0.5:2222`). */
  target: string;
  /** The host's own name (from `uname -n`), untrusted. */
  hostname: string | null;
  transport: 'ssh' | 'local';
  sudo: boolean;
  startedAt: string;
  endedAt: string;
  /** SSH sessions the snapshot opened on the host: 1, 2 when a stuck collector was killed; 0 locally. (Absent before hostsnap 0.2.) */
  sessions?: number;
  /** How the collector script ran on the host. (Absent before hostsnap 0.2.) */
  collector?: CollectorRecord;
  /**
   * The host's locale as its login set it (LANG, LC_ALL, LC_CTYPE, LC_NUMERIC; null when unset),
   * before the collector ran every probe under LC_ALL=C. Untrusted. (Absent before hostsnap 0.3.)
   */
  locale?: Record<string, string | null>;
  probes: ManifestProbe[];
  /** What was done to secrets before anything was written (absent before hostsnap 0.3). */
  redaction?: RedactionRecord;
  /** --obfuscate: originals replaced, counted by kind (the mapping is never in the archive). */
  obfuscation?: import('../obfuscate/collection.js').ObfuscationRecord;
  /** Host keys let in without verification (-o StrictHostKeyChecking=no); absent when all were verified. */
  hostKey?: { verified: false; unverified: import('../transport/host-keys.js').UnverifiedHostKey[] };
  /** The collection was cut short (connection lost, collector stopped); absent when it reached its end. */
  partial?: PartialRecord;
}

/** manifest.partial: which probes arrived whole, and why the rest did not (src/collect/partial.ts). */
export interface PartialRecord {
  /** `connection lost after 4 s`, `stopped at the snapshot's hard deadline after 134 s`… */
  reason: string;
  /** Probes whose every way the collector meant to run arrived whole. */
  whole: string[];
  /** The others: in flight, not started, or a fallback that never arrived. */
  missing: string[];
}

/** manifest.redaction: secrets masked in the raw outputs and the manifest (src/redact). */
export interface RedactionRecord {
  /** False when the run was made with --no-redact: secrets may be in every file. */
  enabled: boolean;
  /** Secrets masked in all, and by kind (option, assignment, url-credentials…). */
  count: number;
  kinds: Record<string, number>;
}

export interface CollectorRecord {
  /** The one scratch folder it made (mktemp -d, on /dev/shm when it could) for the samplers' files. */
  scratch: string;
  /** Its EXIT trap ran and the folder is gone. */
  scratchRemoved: boolean;
  /** The controller stopped it at the hard deadline (a way stuck past every timeout, e.g. in D state). */
  stopped: boolean;
  /** What the login shell printed outside the frames (a noisy rc file), capped. */
  shellOutput?: string;
}

/** The raw text of one source, wherever it was read from. */
export interface SourceText {
  /** The source id (a probe id): proc-meminfo, free, dmesg… */
  id: string;
  text: string;
  /** Where it came from: `raw/free.txt` in an archive, `paste:lines 3-9`, a file path… */
  origin: string;
  /** The manifest entry, when read from a hostsnap archive. */
  probe?: ManifestProbe;
}

export type SourceSetKind = 'archive' | 'folder' | 'sosreport' | 'log' | 'paste' | 'live';

/** What analysis reads: sources by id, plus the manifest when there is one. */
export interface SourceSet {
  kind: SourceSetKind;
  /** The path or target it was read from. */
  location: string;
  manifest: Manifest | null;
  sources: Map<string, SourceText>;
  /** For a sosreport: which sos made it, and the file each source was read from. */
  sos?: SosInfo;
}
