// A cron expression (croner's 5 or 6 fields) as systemd's OnCalendar=, or refused with the reason.
import { UsageError } from '../errors.js';

const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const NAMES: Record<string, string> = { SUN: '0', MON: '1', TUE: '2', WED: '3', THU: '4', FRI: '5', SAT: '6', JAN: '1', FEB: '2', MAR: '3', APR: '4', MAY: '5', JUN: '6', JUL: '7', AUG: '8', SEP: '9', OCT: '10', NOV: '11', DEC: '12' };

function refuse(expr: string, why: string): never {
  throw new UsageError(`--cron ${expr}: no systemd calendar for it (${why})`, { expected: 'cron fields made of *, N, N-M, */N and lists (or use --print-cron)', found: expr });
}

/** One field: `*`, `*\/n` (from `first`), `a-b` -> `a..b`, lists; anything else (L, W, #, a-b/n) is refused. */
function field(expr: string, text: string, first: number, two: boolean): string {
  const pad = (n: string): string => (two ? n.padStart(2, '0') : n);
  return text.toUpperCase().split(',').map((part) => {
    const named = part.replace(/[A-Z]{3}/g, (n) => NAMES[n] ?? n);
    if (named === '*' || named === '?') return '*';
    let m = /^\*\/(\d+)$/.exec(named);
    if (m) return `${pad(String(first))}/${m[1]}`;
    m = /^(\d+)\/(\d+)$/.exec(named);
    if (m) return `${pad(m[1])}/${m[2]}`;
    m = /^(\d+)-(\d+)$/.exec(named);
    if (m) return `${pad(m[1])}..${pad(m[2])}`;
    if (/^\d+$/.test(named)) return pad(named);
    return refuse(expr, `field ${text}`);
  }).join(',');
}

function weekdays(expr: string, text: string): string {
  if (text === '*' || text === '?') return '';
  const spec = field(expr, text, 0, false);
  // systemd weekdays are names: 1..5 -> Mon..Fri, 0 and 7 are Sunday.
  return `${spec.split(',').map((p) => p.split('..').map((d) => DOW[Number(d)] ?? refuse(expr, `weekday ${d}`)).join('..')).join(',')} `;
}

/** `*\/10 * * * * *` -> `*-*-* *:*:00/10`; `0 3 * * 1-5` -> `Mon..Fri *-*-* 03:00:00`. */
export function onCalendar(expr: string, timezone?: string): string {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) refuse(expr, `${parts.length} fields, not 5 or 6`);
  const [sec, min, hour, dom, mon, dow] = parts.length === 6 ? parts : ['0', ...parts];
  // cron runs when day-of-month OR day-of-week matches; systemd needs both: only one may be set.
  if (dom !== '*' && dom !== '?' && dow !== '*' && dow !== '?') refuse(expr, 'both day of month and day of week are set');
  const date = `*-${field(expr, mon, 1, true)}-${field(expr, dom, 1, true)}`;
  const time = `${field(expr, hour, 0, true)}:${field(expr, min, 0, true)}:${field(expr, sec, 0, true)}`;
  return `${weekdays(expr, dow)}${date} ${time}${timezone ? ` ${timezone}` : ''}`;
}
