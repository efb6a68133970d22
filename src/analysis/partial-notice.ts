// The finding that puts "partial collection" on the report's first screen, in every format.
import type { Finding } from './types.js';
import type { PartialRecord } from '../archive/types.js';

export const COLLECTION_PARTIAL_ID = 'collection-partial';

/**
 * A collection cut short is written and attached like a whole one: whoever reads the report or
 * the ticket must see first that it is partial and which probes are missing (their findings
 * cannot appear). Added first, like the --no-redact finding (src/redact/notice.ts).
 */
export function collectionPartialFinding(record: PartialRecord): Finding {
  const total = record.whole.length + record.missing.length;
  return {
    id: COLLECTION_PARTIAL_ID,
    severity: 'warning',
    title: `Partial collection: ${record.missing.length} of ${total} probes missing (${record.reason})`,
    summary: `The collection was cut short (${record.reason}): ${record.whole.length} of ${total} probes arrived whole. Missing: ${record.missing.join(', ')}. Findings that need those probes cannot appear in this report.`,
    evidence: [
      { source: 'manifest.json', text: `partial.reason: ${record.reason}` },
      { source: 'manifest.json', text: `partial.missing: ${record.missing.join(', ')}` },
    ],
    advice: [{ text: 'Take the snapshot again once the host is reachable (collect: --limit @OUT/failed.txt).', commands: [] }],
  };
}
