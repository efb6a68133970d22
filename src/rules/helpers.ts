// Small readings rules share: sysctl values, figures as sentences print them, OOM events, evidence.
import type { ClassifiedOomEvent, Evidence } from '../analysis/types.js';
import type { Facts } from '../facts/types.js';
import { formatKb, formatNumber, formatPct } from '../format/numbers.js';

export { formatKb, formatNumber, formatPct };

/** "664,084 kB": exact figures, as the kernel printed them, for summaries an expert checks. */
export const kB = (n: number | null | undefined): string => `${formatNumber(n)} kB`;

/** The file every persisted change of hostsnap's advice goes to (read by sysctl --system at boot). */
export const SYSCTL_FILE = '/etc/sysctl.d/90-hostsnap.conf';

/** A sysctl value from the sysctl probe, or null when unknown. */
export function sysctlValue(facts: Facts, key: string): string | null {
  return facts.parsed.sysctl?.values[key]?.trim() ?? null;
}

/** "100 (current)" or "unknown (no sysctl output; kernel default 100)". */
export function currentSysctl(facts: Facts, key: string, kernelDefault: string): string {
  const value = sysctlValue(facts, key);
  return value === null ? `an unknown value (no sysctl output; the kernel default is ${kernelDefault})` : value;
}

/** Events after classification (analyze() classifies before the rules run). */
export function oomEvents(facts: Facts): Array<{ event: ClassifiedOomEvent; source: string }> {
  return facts.oomEvents.map((event, i) => ({ event: event as ClassifiedOomEvent, source: facts.oomEventSources[i] ?? 'kernel log' }));
}

/** Evidence with only the highlights that really occur in its text. */
export function evidence(source: string, text: string, highlight: Array<string | null | undefined> = []): Evidence {
  return { source, text, highlight: highlight.filter((h): h is string => !!h && text.includes(h)) };
}

/** "apache2 (pid 31143)". */
export function who(comm: string | null | undefined, pid: number | null | undefined): string {
  return pid === null || pid === undefined ? comm ?? 'an unknown task' : `${comm ?? '?'} (pid ${pid})`;
}

/** "a, b and c". */
export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The killed tasks of an event, "rpc.statd (pid 2196)", or "nothing". */
export function killedList(event: ClassifiedOomEvent): string {
  return event.killed.length === 0 ? 'nothing' : listOf(event.killed.map((k) => who(k.comm, k.pid)));
}

/** A share with the precision it deserves: "99.97%" near the ends, else whole percents. */
export function preciseShare(part: number, whole: number | null | undefined): string {
  if (!whole || whole <= 0) return 'unknown';
  const pct = (part / whole) * 100;
  return pct > 99 && pct < 100 ? `${pct.toFixed(2)}%` : formatPct(part, whole);
}

/** When an event happened, as the log says: its syslog time, else its uptime stamp. */
export function whenOf(event: ClassifiedOomEvent): string {
  if (event.time) return event.time;
  return event.uptimeSeconds !== null ? `${event.uptimeSeconds} s after boot` : 'an unknown time';
}

/** The OOM cgroup's path: the kill line's, the victim's, or the stats block's; else words. */
export function cgroupOf(event: ClassifiedOomEvent): string {
  return event.memcg ?? event.taskMemcg ?? event.memcgStats[0]?.path ?? '(its path is not in the dump)';
}

/**
 * Host text put into an advice command (a cgroup path): kept only when it is made of characters
 * that mean nothing to a shell, else the placeholder. Operators paste these commands: a hostile
 * name like "/x; rm -rf /" must never become part of one.
 */
export function shellSafe(text: string, placeholder: string): string {
  // A `..` segment would climb out of the folder a command names (/sys/fs/cgroup/memory/../..).
  const climbs = text.split('/').includes('..');
  return /^[A-Za-z0-9._\/@:+=-]{1,200}$/.test(text) && !climbs ? text : placeholder;
}
