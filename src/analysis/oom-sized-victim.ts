// A kill weighed against the machine's size when the dump keeps no Mem-Info: the victim's anon vs RAM.
import type { OomEvent, OomKilled } from '../parsers/kernlog-types.js';
import { lineWith, ramKb } from '../facts/oom.js';
import { formatKb, formatPct } from '../format/numbers.js';
import type { Ev, Verdict } from './oom-verdict.js';

/** Share of RAM a victim's anonymous memory must hold to be said to have filled it. */
export const VICTIM_RAM_SHARE = 0.4;

/** The victim with the most anonymous memory, when that outweighs its file and shmem pages. */
export function anonVictim(killed: OomKilled[]): (OomKilled & { anonRssKb: number }) | null {
  const v = [...killed].sort((a, b) => (b.anonRssKb ?? 0) - (a.anonRssKb ?? 0))[0];
  if (!v || !v.anonRssKb || v.anonRssKb < (v.fileRssKb ?? 0) + (v.shmemRssKb ?? 0)) return null;
  return v as OomKilled & { anonRssKb: number };
}

/**
 * The tail of a dump: "Total swap", "N pages RAM" and the kill lines, its Mem-Info above the excerpt
 * (a `minikube logs` dmesg that starts there). RAM is known, so the victim's anon-rss weighs
 * against it: a victim holding a large share of RAM in anonymous pages filled it.
 */
export function sizedVictimVerdict(event: OomEvent, ev: Ev): Verdict | null {
  if (Object.keys(event.memInfo).length > 0 || event.zones.length > 0) return null;
  const ram = ramKb(event);
  const v = anonVictim(event.killed);
  if (!ram || !v || v.anonRssKb < VICTIM_RAM_SHARE * ram) return null;
  const line = lineWith(event, new RegExp(`Killed process ${v.pid}\\b`));
  const ramLine = lineWith(event, /pages RAM/);
  return {
    cause: 'anon',
    why: [
      ev(`The excerpt keeps the end of the dump: ${formatKb(ram)} of RAM, and the victim ${v.comm} (pid ${v.pid}) held ${formatKb(v.anonRssKb)} of anonymous memory (${formatPct(v.anonRssKb, ram)} of RAM)${event.swap?.totalKb === 0 ? ' with no swap to put it in' : ''}.`, [formatPct(v.anonRssKb, ram)]),
      ...(ramLine ? [ev(ramLine)] : []),
      ...(line ? [ev(line, [`anon-rss:${v.anonRssKb}kB`])] : []),
    ],
  };
}
