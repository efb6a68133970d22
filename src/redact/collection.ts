// Redaction of one host's collection, the single point every written byte passes through.
import type { Manifest, ManifestProbe, RedactionRecord } from '../archive/types.js';
import { addCounts, redactText, totalOf } from './text.js';

export interface RedactedCollection {
  manifest: Manifest;
  outputs: Map<string, Buffer>;
  redaction: RedactionRecord;
}

/**
 * Masks secrets in every raw output and in every text of the manifest that came from the host
 * (each attempt's stderr and command, the shell's noise, the hostname is left: it is not a
 * secret). An output with a secret is written back as UTF-8 (invalid bytes become U+FFFD, as
 * every reader of the archive decodes them anyway: manifest.ts buildSourceSet); others stay as they were.
 * With enabled false, the collection is returned as it was, with the record saying so.
 */
export function redactCollection(manifest: Manifest, outputs: Map<string, Buffer>, enabled = true): RedactedCollection {
  if (!enabled) {
    const redaction = { enabled: false, count: 0, kinds: {} };
    return { manifest: { ...manifest, redaction }, outputs, redaction };
  }
  const kinds: Record<string, number> = {};
  const mask = (text: string): string => {
    const result = redactText(text);
    addCounts(kinds, result.counts);
    return result.text;
  };
  const redactedOutputs = new Map<string, Buffer>();
  for (const [id, data] of outputs) {
    const text = data.toString('utf8');
    const masked = mask(text);
    // Untouched outputs stay byte for byte (a decode/encode round trip would turn invalid UTF-8 into U+FFFD).
    redactedOutputs.set(id, masked === text ? data : Buffer.from(masked, 'utf8'));
  }
  const probes: ManifestProbe[] = manifest.probes.map((probe) => {
    const attempts = probe.attempts.map((a) => ({ ...a, command: mask(a.command), stderr: mask(a.stderr) }));
    // The attempt that produced raw/ID.txt says how many bytes the file holds: after masking.
    const kept = redactedOutputs.get(probe.id);
    if (kept !== undefined && attempts.length > 0) attempts[attempts.length - 1].bytes = kept.length;
    return { ...probe, command: mask(probe.command), attempts };
  });
  const collector = manifest.collector && manifest.collector.shellOutput !== undefined
    ? { ...manifest.collector, shellOutput: mask(manifest.collector.shellOutput) }
    : manifest.collector;
  const redaction = { enabled: true, count: totalOf(kinds), kinds };
  return { manifest: { ...manifest, probes, ...(collector ? { collector } : {}), redaction }, outputs: redactedOutputs, redaction };
}
