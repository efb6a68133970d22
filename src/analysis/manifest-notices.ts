// The findings that the manifest alone proves: first in every report of an archive, whether the
// archive was just collected (src/pipeline/snapshot.ts) or is read again later (analyze, trends,
// a fleet index from folders), so that re-analysing a partial or unverified snapshot never hides it.
import type { Manifest } from '../archive/types.js';
import { collectionPartialFinding } from './partial-notice.js';
import { hostKeyNotVerifiedFinding } from './host-key-notice.js';
import type { Finding } from './types.js';

/** In this order: the host key (whoever answered may not be the host), then the missing probes. */
export function manifestNotices(manifest: Manifest | null): Finding[] {
  const notices: Finding[] = [];
  if (manifest?.hostKey?.verified === false && manifest.hostKey.unverified.length > 0) notices.push(hostKeyNotVerifiedFinding(manifest.hostKey.unverified));
  if (manifest?.partial !== undefined) notices.push(collectionPartialFinding(manifest.partial));
  return notices;
}
