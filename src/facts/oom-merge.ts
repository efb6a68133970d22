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

/**
 * Events per source in reading order (dmesg first). An event of a later source that matches one
 * of an earlier source is the same dump seen twice and is kept once (the fuller copy); events of
 * one source are never merged with each other (a kernel may print the same dump twice, e.g. a
 * vendor hook before the real kill). Result oldest first where every event has an uptime stamp.
 */
export function mergeOomEvents(perSource: Array<{ source: string; events: OomEvent[] }>): SourcedOomEvent[] {
  const merged: SourcedOomEvent[] = [];
  for (const { source, events } of perSource) {
    const earlier = merged.map((m, i) => ({ key: identity(m.event), i, used: false }));
    for (const event of events) {
      const key = identity(event);
      const twin = earlier.find((e) => !e.used && e.key === key);
      if (!twin) {
        merged.push({ event, source });
        continue;
      }
      twin.used = true;
      const seen = merged[twin.i];
      if (richness(event) > richness(seen.event)) merged[twin.i] = { event: fillFrom(event, seen.event), source };
      else merged[twin.i] = { event: fillFrom(seen.event, event), source: seen.source };
    }
  }
  if (merged.every((e) => e.event.uptimeSeconds !== null)) {
    merged.sort((a, b) => (a.event.uptimeSeconds ?? 0) - (b.event.uptimeSeconds ?? 0));
  }
  return merged;
}
