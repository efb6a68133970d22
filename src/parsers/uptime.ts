// /proc/uptime (seconds up, seconds idle) or the uptime command line.
import { defineParser, unparsed } from './types.js';
import { linesOf, toDecimal, toInt } from './lines/text.js';

/**
 * /proc/uptime (fs/proc/uptime.c), every kernel: seconds since boot, then idle seconds summed
 * over all CPUs (so it can exceed the first):
 *   46901.13 46856.66
 * The uptime command (procps-ng 4.0.2, busybox 1.35 says "users"), pasted in reports:
 *    01:50:47 up 7 min,  0 user,  load average: 0.81, 0.51, 0.25
 * "up" is then "7 min", "3:04", "2 days,  3:04", "1 day, 5 min"; `uptime -p` says
 * "up 1 week, 2 days, 3 hours, 4 minutes". Those give minutes, not seconds.
 */
export interface UptimeFacts {
  uptimeSeconds: number | null;
  /** From the uptime command line, when that is what was read. */
  load: [number, number, number] | null;
  /** /proc/uptime's second figure: idle seconds summed over CPUs; null from the command. */
  idleSeconds: number | null;
  /** Logged-in users from the uptime command line, else null. */
  users: number | null;
}

const PROC = /^(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)$/;
const UNIT_SECONDS: Record<string, number> = { week: 604800, day: 86400, hour: 3600, hr: 3600, min: 60, minute: 60, sec: 1, second: 1 };

/** "2 days,  3:04" / "7 min" / "1 week, 2 days, 3 hours" into seconds, or null. */
function durationOf(text: string): number | null {
  let seconds = 0;
  let parts = 0;
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const clock = /^(\d+):(\d{2})$/.exec(part);
    const unit = /^(\d+)\s+([a-z]+?)s?$/.exec(part);
    if (clock) seconds += (toInt(clock[1]) ?? 0) * 3600 + (toInt(clock[2]) ?? 0) * 60;
    else if (unit && UNIT_SECONDS[unit[2]] !== undefined) seconds += (toInt(unit[1]) ?? 0) * UNIT_SECONDS[unit[2]];
    else return null;
    parts++;
  }
  return parts > 0 ? seconds : null;
}

function commandLine(line: string): UptimeFacts | null {
  const up = /\bup\s+(.*?)(?:,\s*(\d+)\s+users?\b|,?\s*load average|$)/.exec(line);
  const users = /(\d+)\s+users?\b/.exec(line);
  const load = /load averages?:\s*([\d.]+),?\s+([\d.]+),?\s+([\d.]+)/.exec(line);
  const figures = load ? [load[1], load[2], load[3]].map(toDecimal) : [];
  const loadTriple = figures.length === 3 && figures.every((f) => f !== null) ? (figures as [number, number, number]) : null;
  const uptimeSeconds = up ? durationOf(up[1]) : null;
  if (uptimeSeconds === null && loadTriple === null) return null;
  return { uptimeSeconds, load: loadTriple, idleSeconds: null, users: users ? toInt(users[1]) : null };
}

export const uptime = defineParser<UptimeFacts>({
  name: 'uptime',
  sources: ['uptime'],
  description: `/proc/uptime (seconds up, seconds idle) or the uptime command line.`,
  parse(text) {
    const line = linesOf(text).map((l) => l.trim()).find((l) => l !== '') ?? '';
    const proc = PROC.exec(line);
    if (proc) return { uptimeSeconds: toDecimal(proc[1]), load: null, idleSeconds: toDecimal(proc[2]), users: null };
    return commandLine(line) ?? unparsed("neither /proc/uptime ('SECONDS IDLE') nor an 'up …, load average:' line", text);
  },
});
