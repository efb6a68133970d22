// One exit status for a run where some hosts failed (3) and some attaches failed (5): an operator's script must see both.
import { EXIT } from '../errors.js';
import { EXIT_ATTACH_FAILED } from './error.js';

/**
 * 6: some hosts could not be collected (rerun OUT/failed.txt) AND some reports written could
 * not be attached (rerun the `hostsnap attach` lines printed on stderr). 3 and 5 each name one
 * rerun; a script that sees only the larger would skip the other.
 */
export const EXIT_HOSTS_AND_ATTACH_FAILED = EXIT.hostsAndAttach;

/** The highest code, except that a 3 and a 5 together are 6. */
export function combineExitCodes(codes: number[]): number {
  const worst = Math.max(EXIT.ok, ...codes);
  return codes.includes(EXIT.transport) && codes.includes(EXIT_ATTACH_FAILED) ? Math.max(worst, EXIT_HOSTS_AND_ATTACH_FAILED) : worst;
}

/** The stderr line that says both reruns when both are needed (empty otherwise). */
export function bothFailedLine(code: number, rerunHosts: string): string {
  return code === EXIT_HOSTS_AND_ATTACH_FAILED
    ? `hostsnap: exit ${code}: hosts failed (${rerunHosts}) and attaching failed (the hostsnap attach lines above)\n`
    : '';
}
