// From an archive's files (manifest.json, raw/ID.txt) to the SourceSet analysis reads.
import { UsageError } from '../errors.js';
import { isSourceId } from './names.js';
import { MANIFEST_SCHEMA, type Manifest, type SourceSet, type SourceSetKind, type SourceText } from './types.js';

/** Per file and for a whole snapshot: far above what the catalogue's caps (4 MiB logs) produce. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 128 * 1024 * 1024;
export const MAX_ENTRIES = 2000;

/** `raw/proc-meminfo.txt` -> `proc-meminfo`; null for anything else. */
export function sourceIdOfRawPath(path: string): string | null {
  const m = /^raw\/([^/]+)\.txt$/.exec(path);
  return m && isSourceId(m[1]) ? m[1] : null;
}

/** Parses manifest.json; a wrong schema or broken JSON says what it expected and found. */
export function parseManifest(text: string, location: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${location}: manifest.json is not JSON`, { expected: MANIFEST_SCHEMA, found: String(error), cause: error });
  }
  const manifest = value as Partial<Manifest> | null;
  if (manifest === null || typeof manifest !== 'object' || manifest.schema !== MANIFEST_SCHEMA || !Array.isArray(manifest.probes)) {
    const found = manifest && typeof manifest === 'object' ? String(manifest.schema) : typeof value;
    throw new UsageError(`${location}: manifest.json is not a hostsnap manifest`, { expected: MANIFEST_SCHEMA, found });
  }
  return manifest as Manifest;
}

/** A SourceSet from raw outputs by source id, each with its manifest entry when there is one. */
export function buildSourceSet(kind: SourceSetKind, location: string, manifest: Manifest | null, raw: Map<string, Buffer>): SourceSet {
  const sources = new Map<string, SourceText>();
  for (const [id, data] of [...raw].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const source: SourceText = { id, text: data.toString('utf8'), origin: `raw/${id}.txt` };
    const probe = manifest?.probes.find((p) => p.id === id);
    if (probe) source.probe = probe;
    sources.set(id, source);
  }
  return { kind, location, manifest, sources };
}

/**
 * files: paths relative to the snapshot folder (`manifest.json`, `raw/free.txt`) -> contents.
 * Every raw/ID.txt becomes a source, with its manifest entry when the manifest lists it.
 */
export function sourceSetFromFiles(kind: SourceSetKind, location: string, files: Map<string, Buffer>): SourceSet {
  const manifestText = files.get('manifest.json');
  const manifest = manifestText ? parseManifest(manifestText.toString('utf8'), location) : null;
  const raw = new Map<string, Buffer>();
  for (const [path, data] of files) {
    const id = sourceIdOfRawPath(path);
    if (id !== null) raw.set(id, data);
  }
  if (manifest === null && raw.size === 0) {
    throw new UsageError(`${location}: not a hostsnap snapshot`, { expected: 'manifest.json and raw/ID.txt files', found: 'neither' });
  }
  return buildSourceSet(kind, location, manifest, raw);
}

/** A running total that refuses past the caps, shared by the tar and folder readers. */
export class SizeBudget {
  private total = 0;
  private entries = 0;
  constructor(private readonly location: string) {}

  take(path: string, size: number): void {
    this.entries += 1;
    this.total += size;
    const found = `${path}: ${size} bytes, ${this.total} in total, entry ${this.entries}`;
    if (size > MAX_FILE_BYTES || this.total > MAX_TOTAL_BYTES || this.entries > MAX_ENTRIES) {
      throw new UsageError(`${this.location}: snapshot too large`, {
        expected: `files ≤ ${MAX_FILE_BYTES} bytes, ≤ ${MAX_TOTAL_BYTES} bytes and ${MAX_ENTRIES} entries in all`,
        found,
      });
    }
  }
}
