// Obfuscation of one host's collection, at the point where redaction already passes every written byte.
import type { Manifest } from '../archive/types.js';
import { discover } from './discover.js';
import type { ValueKind } from './kinds.js';
import type { ObfuscationMap } from './mapping.js';
import { mapStrings } from './walk.js';

/** manifest.obfuscation: that the archive was obfuscated, and how many values of each kind the mapping holds. */
export interface ObfuscationRecord {
  enabled: true;
  /** Originals in the run's mapping, by kind (the mapping itself is never in the archive). */
  kinds: Partial<Record<ValueKind, number>>;
}

export interface ObfuscatedCollection {
  manifest: Manifest;
  outputs: Map<string, Buffer>;
  /** The target as the archive and the analysis name it. */
  target: string;
}

export function recordOf(map: ObfuscationMap): ObfuscationRecord {
  const kinds: Partial<Record<ValueKind, number>> = {};
  for (const e of map.entries()) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
  return { enabled: true, kinds };
}

/**
 * Learns the host's names from its own texts (discover.ts), then replaces them, and every
 * address, in every raw output and every string of the manifest. Outputs are decoded as UTF-8,
 * as every reader of the archive decodes them (manifest.ts buildSourceSet); untouched ones stay
 * byte for byte.
 */
export function obfuscateCollection(map: ObfuscationMap, manifest: Manifest, outputs: Map<string, Buffer>, target: string): ObfuscatedCollection {
  const texts = new Map([...outputs].map(([id, data]) => [id, data.toString('utf8')]));
  discover(map, { hostname: manifest.hostname, target, texts });
  const out = new Map<string, Buffer>();
  for (const [id, text] of texts) {
    const masked = map.apply(text);
    out.set(id, masked === text ? outputs.get(id)! : Buffer.from(masked, 'utf8'));
  }
  const probes = manifest.probes.map((probe) => {
    const attempts = [...probe.attempts];
    const kept = out.get(probe.id);
    if (kept !== undefined && attempts.length > 0) attempts[attempts.length - 1] = { ...attempts[attempts.length - 1], bytes: kept.length };
    return { ...probe, attempts };
  });
  const masked = mapStrings({ ...manifest, probes }, (s) => map.apply(s));
  return { manifest: { ...masked, obfuscation: recordOf(map) }, outputs: out, target: map.apply(target) };
}
