// Each OOM event (kill, panic, allocation failure) as a timeline entry.
import type { OomCause, OomEvent } from '../parsers/kernlog-types.js';
import { formatBytes, formatKb, formatNumber } from '../format/numbers.js';
import type { Evidence } from '../analysis/types.js';
import { capText, highlightSegments } from './text-safety.js';
import { oneLine } from '../format/control.js';
import type { OomView } from './view-types.js';
import { zoneChart } from './view-memory.js';

const CAUSES: Record<OomCause, string> = {
  anon: 'applications used the memory (anonymous pages)',
  lowmem: 'lowmem exhausted (32-bit kernel): kernel memory could not be served',
  fragmentation: 'memory too fragmented for a higher-order allocation',
  shmem: 'shared memory / tmpfs holds the memory',
  slab_leak: 'unreclaimable kernel slab grew (likely a leak)',
  hugepages: 'reserved huge pages hold the memory',
  memcg_limit: 'a memory cgroup hit its limit',
  other: 'other',
  unknown: 'not known: the dump is cut too short to tell',
};

const KINDS: Record<OomEvent['kind'], string> = {
  'oom-kill': 'OOM kill',
  'alloc-failure': 'page allocation failure',
  'memcg-oom': 'memory cgroup OOM',
};

const EVENT_TEXT_BYTES = 12 * 1024;

/** analysis's ClassifiedOomEvent carries `why`: read it when there, without depending on it. */
function whyOf(event: OomEvent): OomView['why'] {
  const why = (event as OomEvent & { why?: Evidence[] }).why;
  if (!Array.isArray(why)) return [];
  return why.map((w) => { const text = oneLine(String(w.text)); return { text, segments: highlightSegments(text, w.highlight) }; }).filter((w) => w.text !== '');
}

/** `showZones` is false for the event whose zones the memory section already charts. */
export function oomView(event: OomEvent, index: number, showZones = true): OomView {
  const trigger = event.trigger ? `${event.trigger.comm}${event.trigger.pid !== null ? ` (pid ${event.trigger.pid})` : ''}` : 'not in the log';
  const flags = event.gfpFlags.length ? ` (${event.gfpFlags.join('|')})` : '';
  const killed = event.killed.map((k) => {
    const sizes = [k.anonRssKb !== null ? `anon-rss ${formatKb(k.anonRssKb)}` : '', k.fileRssKb !== null ? `file-rss ${formatKb(k.fileRssKb)}` : ''].filter(Boolean).join(', ');
    return oneLine(`${k.comm} (pid ${k.pid}${sizes ? `, ${sizes}` : ''})`);
  });
  const lines = capText(event.text.join('\n'), EVENT_TEXT_BYTES);
  return {
    anchor: `oom-${index + 1}`,
    time: oneLine(event.time ?? (event.uptimeSeconds !== null ? `${formatNumber(event.uptimeSeconds, 1)} s after boot` : 'time not logged')),
    kindLabel: event.panic ? 'kernel panic on OOM' : KINDS[event.kind] ?? event.kind,
    trigger: oneLine(trigger),
    gfp: oneLine(`${event.gfpMask ?? '–'}${flags}`),
    order: event.order === null ? '–' : `${event.order} (${formatKb(4 * 2 ** event.order)} contiguous)`,
    constraint: oneLine(event.constraint === 'memcg' && event.memcg ? `memcg ${event.memcg}` : event.constraint ?? '–'),
    cause: event.cause ? CAUSES[event.cause] ?? event.cause : 'not classified',
    causeKey: event.cause ?? 'none',
    killed,
    hasKilled: killed.length > 0,
    panic: event.panic,
    swap: event.swap ? `${formatKb(event.swap.freeKb)} free of ${formatKb(event.swap.totalKb)}` : '–',
    callTrace: oneLine(event.callTrace.slice(0, 8).join(' ← ')),
    zones: showZones ? zoneChart('Zones at this event', event.zones) : null,
    why: whyOf(event),
    headerMissing: event.headerMissing,
    lines: lines.text,
    linesNote: lines.cut ? `cut: first ${formatBytes(lines.keptBytes)} of ${formatBytes(lines.totalBytes)}` : `log lines ${event.lines.first}–${event.lines.last}`,
  };
}
