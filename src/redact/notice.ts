// The finding that puts "not redacted" on the report's first screen, in every format.
import type { Finding } from '../analysis/types.js';

export const NOT_REDACTED_ID = 'not-redacted';

/**
 * A run with --no-redact writes secrets as the host printed them. The reports have no banner of
 * their own for it, so the pipeline adds this finding first: the findings are what every format
 * shows first (html summary, md and text headings, json `findings[0]`).
 */
export function notRedactedFinding(): Finding {
  return {
    id: NOT_REDACTED_ID,
    severity: 'warning',
    title: 'Not redacted: this snapshot may contain passwords and keys (--no-redact)',
    summary: 'It was made with --no-redact: process command lines, the kernel log and sysctl values are as the host printed them, secrets included. Do not attach it to a ticket as it is.',
    evidence: [{ source: 'manifest.json', text: 'redaction.enabled: false' }],
    advice: [{ text: 'Take the snapshot again without --no-redact before sharing it.', commands: [] }],
  };
}
