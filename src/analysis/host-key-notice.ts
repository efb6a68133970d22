// The finding that puts "host key not verified" on the report's first screen, in every format.
import type { Finding } from './types.js';
import type { UnverifiedHostKey } from '../transport/host-keys.js';

export const HOST_KEY_NOT_VERIFIED_ID = 'host-key-not-verified';

/**
 * With `-o StrictHostKeyChecking=no` an unknown or changed key was let in: whoever answered may
 * not be the host, so the report must not read as that host's. Added first, like the
 * --no-redact finding (src/redact/notice.ts), so every format shows it before anything else.
 */
export function hostKeyNotVerifiedFinding(unverified: UnverifiedHostKey[]): Finding {
  return {
    id: HOST_KEY_NOT_VERIFIED_ID,
    severity: 'warning',
    title: 'Host key NOT verified (-o StrictHostKeyChecking=no)',
    summary: 'The host\'s key was unknown or differed from known_hosts, and it was let in because -o StrictHostKeyChecking=no was given: the outputs may not come from the host named.',
    evidence: unverified.map((u) => ({
      source: 'manifest.json',
      text: `${u.host} ${u.keyType} ${u.fingerprint}: ${u.status}${u.knownHosts ? ` (known_hosts: ${u.knownHosts})` : ''}`,
    })),
    advice: [{ text: 'Check the fingerprint with the host\'s owner, add the key to known_hosts, and take the snapshot again without -o StrictHostKeyChecking=no.', commands: [] }],
  };
}
