// `--attach`/`--to` TARGET: rt:ID, rt:new:QUEUE, redmine:ID, redmine:new:PROJECT, mailto:ADDRESS[?ticket=N].
import { UsageError } from '../errors.js';

export type AttachTarget =
  | { system: 'rt'; ticket: number }
  | { system: 'rt'; newIn: string }
  | { system: 'redmine'; ticket: number }
  | { system: 'redmine'; newIn: string }
  | { system: 'mail'; address: string; ticket: number | null };

export const TARGET_FORMS = 'rt:ID, rt:new:QUEUE, redmine:ID, redmine:new:PROJECT, mailto:ADDRESS[?ticket=ID]';

// One address, no display name, no list: what nodemailer gets is exactly what was typed.
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

export function parseTarget(text: string): AttachTarget {
  const bad = (why: string): never => {
    throw new UsageError(`--attach/--to '${text}': ${why}`, { expected: TARGET_FORMS, found: text });
  };
  const mail = /^mailto:([^?]*)(?:\?ticket=(\d+))?$/.exec(text);
  if (mail) {
    if (!ADDRESS.test(mail[1])) bad('not one mail address');
    return { system: 'mail', address: mail[1], ticket: mail[2] === undefined ? null : Number(mail[2]) };
  }
  const m = /^(rt|redmine):(?:(\d+)|new:(.+))$/.exec(text);
  if (!m) return bad('unknown form');
  const system = m[1] as 'rt' | 'redmine';
  if (m[2] !== undefined) {
    const ticket = Number(m[2]);
    if (!Number.isSafeInteger(ticket) || ticket < 1) bad('a ticket number is a whole number ≥ 1');
    return { system, ticket } as AttachTarget;
  }
  // A queue or project name goes into a JSON body or a URL path segment: no controls.
  if (/[\x00-\x1f\x7f]/.test(m[3])) bad('control characters in the name');
  return { system, newIn: m[3] } as AttachTarget;
}

export function describeTarget(target: AttachTarget): string {
  if (target.system === 'mail') return `mailto:${target.address}${target.ticket === null ? '' : ` (ticket ${target.ticket})`}`;
  return 'ticket' in target ? `${target.system} ticket ${target.ticket}` : `a new ${target.system} ticket in ${target.newIn}`;
}
