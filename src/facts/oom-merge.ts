// The OOM combiner: events of dmesg and kern.log merged, the same event seen in both kept once.
import type { OomEvent } from '../parsers/kernlog-types.js';

/**
 * The same dump appears in dmesg (uptime stamps) and kern.log (wall-clock stamps): stamps differ,
 * so identity is what the kernel printed about the event itself.
 */
function identity(event: OomEvent): string {
  return [
    event.kind,
    event.trigger?.comm ?? '',
    event.trigger?.pid ?? '',
    event.gfpMask ?? '',
    event.order ?? '',
    event.memcg ?? '',
    event.killed.map((k) => `${k.pid}:${k.comm}`).join(','),
    event.zones.map((z) => `${z.name}:${z.freeKb}`).join(','),
  ].join('|');
}

/** A fuller copy (more lines kept, header present) wins over a truncated one. */
function richness(event: OomEvent): number {
  return event.text.length + (event.headerMissing ? 0 : 1000);
}

/** Keep both stamps: dmesg knows the uptime, kern.log the wall clock. */
function fillFrom(event: OomEvent, other: OomEvent): OomEvent {
  return { ...event, time: event.time ?? other.time, uptimeSeconds: event.uptimeSeconds ?? other.uptimeSeconds };
}

export interface SourcedOomEvent {
  event: OomEvent;
  source: string;
}

/** Events per source in reading order (dmesg first); result oldest first where stamps allow. */
export function mergeOomEvents(perSource: Array<{ source: string; events: OomEvent[] }>): SourcedOomEvent[] {
  const byId = new Map<string, SourcedOomEvent>();
  for (const { source, events } of perSource) {
    for (const event of events) {
      const key = identity(event);
      const seen = byId.get(key);
      if (!seen) byId.set(key, { event, source });
      else if (richness(event) > richness(seen.event)) byId.set(key, { event: fillFrom(event, seen.event), source });
    }
  }
  const merged = [...byId.values()];
  // Stable sort on uptime only when every event has one; otherwise keep log order.
  if (merged.every((e) => e.event.uptimeSeconds !== null)) {
    merged.sort((a, b) => (a.event.uptimeSeconds ?? 0) - (b.event.uptimeSeconds ?? 0));
  }
  return merged;
}
