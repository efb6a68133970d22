// defineProbes: turns an area's short declarations into full Probe records with shared defaults.
import type { Probe, ProbeCommand } from './types.js';
import { KiB, MiB } from '../format/numbers.js';

/** Defaults: a /proc read or a quick tool answers in well under a second; 10 s is generous. */
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1 * MiB;

/**
 * The cap of a kernel file of a few lines (meminfo, loadavg, pressure/*): far above what the
 * kernel prints there, and the mark of a file the collector reads without a fork
 * (probes/script-reader.ts), which costs CPU by the byte.
 */
export const SMALL_FILE_BYTES = 64 * KiB;

/** A probe as an area file declares it: `read` a file, or `run` a command line. */
export interface ProbeSpec {
  id: string;
  description: string;
  /** A file to read with `cat` (the usual /proc case). */
  read?: string;
  /** A command line, when it is not a plain read. */
  run?: string;
  fallbacks?: ProbeCommand[];
  timeoutMs?: number;
  maxBytes?: number;
  needsRoot?: boolean;
  late?: boolean;
  sampleSeconds?: number;
  coveredBy?: string;
}

/** `cat FILE`: file names in the catalogue are fixed literals, never host data. */
export function readFile(path: string, note?: string): ProbeCommand {
  return note === undefined ? { run: `cat ${path}` } : { run: `cat ${path}`, note };
}

function commandOf(spec: ProbeSpec): ProbeCommand {
  if (spec.read !== undefined && spec.run === undefined) return readFile(spec.read);
  if (spec.run !== undefined && spec.read === undefined) return { run: spec.run };
  throw new Error(`probe ${spec.id}: declare exactly one of read or run`);
}

export function defineProbes(area: string, specs: ProbeSpec[]): Probe[] {
  return specs.map((spec) => {
    const probe: Probe = {
      id: spec.id,
      area,
      description: spec.description,
      command: commandOf(spec),
      timeoutMs: spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: spec.maxBytes ?? DEFAULT_MAX_BYTES,
    };
    if (spec.fallbacks?.length) probe.fallbacks = spec.fallbacks;
    if (spec.needsRoot) probe.needsRoot = true;
    if (spec.late) probe.late = true;
    if (spec.sampleSeconds !== undefined) probe.sampleSeconds = spec.sampleSeconds;
    if (spec.coveredBy !== undefined) probe.coveredBy = spec.coveredBy;
    return probe;
  });
}
