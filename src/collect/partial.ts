// A collection cut short (connection lost, collector stopped): which probes arrived whole, and why the rest did not.
import type { PartialRecord } from '../archive/types.js';
import { TransportError } from '../errors.js';
import { waysOf } from '../probes/script.js';
import type { Probe } from '../probes/types.js';
import type { CollectorOutput, WayFrame } from './frames.js';

export type { PartialRecord };

/** The collector runs the next way only when this one printed nothing and failed (hs_nothing). */
function wantsNextWay(frame: WayFrame): boolean {
  return !frame.skipped && frame.stdout.length === 0 && (frame.timedOut || frame.rc !== 0);
}

/** A probe is whole when its last arrived way is one the collector would not follow with another. */
export function isWhole(probe: Probe, frames: CollectorOutput): boolean {
  const ways = frames.ways.filter((w) => w.id === probe.id);
  const last = ways[ways.length - 1];
  if (last === undefined) return false;
  if (frames.inFlight?.id === probe.id) return false;
  return ways.length === waysOf(probe).length || !wantsNextWay(last);
}

export function partialRecord(probes: readonly Probe[], frames: CollectorOutput, reason: string): PartialRecord {
  const whole = probes.filter((p) => isWhole(p, frames)).map((p) => p.id);
  return { reason, whole, missing: probes.map((p) => p.id).filter((id) => !whole.includes(id)) };
}

/** `partial: connection lost after 4 s; 2 of 4 probes arrived whole (missing: kern-log, proc-loadavg)`: one line, the first 6 missing. */
export function partialSummary(record: PartialRecord): string {
  const missing = record.missing.length > 6 ? `${record.missing.slice(0, 6).join(', ')}…` : record.missing.join(', ');
  return `partial: ${record.reason}; ${record.whole.length} of ${record.whole.length + record.missing.length} probes arrived whole (missing: ${missing})`;
}

/** Why a collection that returned is incomplete, or null when the collector reached its end. */
export function cutReason(frames: CollectorOutput, context: { stopped: boolean; lost: boolean; seconds: number }): string | null {
  if (context.lost) return `connection lost after ${context.seconds} s`;
  if (context.stopped) return `stopped at the snapshot's hard deadline after ${context.seconds} s`;
  if (frames.bye?.done !== true) return `the collector ended before its end after ${context.seconds} s`;
  return null;
}

/**
 * A host collected in part: its archive and reports are written (`result`), and it counts as a
 * host that could not be collected (a TransportError: exit status 3, listed in failed.txt) so
 * that a script and `--limit @failed.txt` rerun it.
 */
export class PartialHostError<T> extends TransportError {
  readonly result: T;
  constructor(host: string, message: string, result: T) {
    super(host, message);
    this.result = result;
  }
}
