// The anon reading of a dump whose machine size is cut away: anon weighed against what Mem-Info accounts for.
import type { OomEvent } from '../parsers/kernlog-types.js';
import { lineWith, pageKb, ramKb } from '../facts/oom.js';
import { formatKb, formatPct } from '../format/numbers.js';
import type { Ev, Verdict } from './oom-verdict.js';

/** Share of the memory Mem-Info accounts for that anon must hold when the machine's size is not given. */
const ACCOUNTED_ANON_SHARE = 0.6;
/**
 * The same when the excerpt stops inside Mem-Info before its "free:" line: free pages could be many,
 * so anon must hold a larger share of the rest (what free adds can only lower it).
 */
const ACCOUNTED_ANON_SHARE_NO_FREE = 0.75;
const ACCOUNTED = ['active_anon', 'inactive_anon', 'active_file', 'inactive_file', 'slab_reclaimable', 'slab_unreclaimable'];

/**
 * The machine's size is cut away (a wrapped zone line lost its present:, no "pages RAM" line: a MIPS
 * router's paste), but Mem-Info's counters are whole: anon, file, unevictable, slab, page tables and
 * free pages together are nearly all of RAM on a small machine, a lower bound of it on any. Anon
 * holding most of that sum (a higher share than against RAM, the sum being smaller) filled memory.
 */
export function accountedVerdict(event: OomEvent, ev: Ev): Verdict | null {
  const mi = event.memInfo;
  if (ramKb(event) !== null || ACCOUNTED.some((k) => mi[k] === undefined)) return null;
  const pk = pageKb(event);
  const anon = (mi.active_anon + mi.inactive_anon + (mi.isolated_anon ?? 0)) * pk;
  const freeCut = mi.free === undefined;
  const sum = anon + (mi.active_file + mi.inactive_file + (mi.unevictable ?? 0) + mi.slab_reclaimable + mi.slab_unreclaimable
    + (mi.pagetables ?? 0) + (mi.free ?? 0)) * pk;
  if (anon < (freeCut ? ACCOUNTED_ANON_SHARE_NO_FREE : ACCOUNTED_ANON_SHARE) * sum) return null;
  const line = lineWith(event, /active_anon:/);
  const what = freeCut ? 'LRU, unevictable, slab and page tables; the free pages\' line is cut away, so anon must hold three quarters of the rest' : 'LRU, unevictable, slab, page tables and free pages';
  return {
    cause: 'anon',
    why: [
      ev(`The dump gives no size of the machine, but its Mem-Info counters account for ${formatKb(sum)} (${what}) and anonymous memory is ${formatKb(anon)} of it (${formatPct(anon, sum)}).`, [formatPct(anon, sum)]),
      ...(line ? [ev(line)] : []),
    ],
  };
}
