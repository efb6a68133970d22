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

// Read with indexOf and anchored per-part patterns only: a line of the uptime command is pasted
// text, and an unanchored pattern with optional separators backtracks quadratically on a long
// run of spaces.
function commandLine(line: string): UptimeFacts | null {
  const upAt = line.search(/\bup\s/);
  const loadAt = line.search(/load averages?:/);
  const upParts = upAt < 0 ? [] : line.slice(upAt + 2, loadAt > upAt ? loadAt : undefined).split(',').map((p) => p.trim());
  const usersAt = upParts.findIndex((p) => /^\d+\s+users?$/.test(p));
  const users = usersAt < 0 ? null : toInt(upParts[usersAt].split(/\s+/)[0]);
  const uptimeSeconds = upAt < 0 ? null : durationOf(upParts.slice(0, usersAt < 0 ? undefined : usersAt).join(','));
  const figures = loadAt < 0 ? [] : line.slice(loadAt).split(':')[1].split(/[\s,]+/).filter((f) => f !== '').slice(0, 3).map(toDecimal);
  const load = figures.length === 3 && figures.every((f) => f !== null) ? (figures as [number, number, number]) : null;
  if (uptimeSeconds === null && load === null) return null;
  return { uptimeSeconds, load, idleSeconds: null, users };
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
