// A kernel stamp behind a prefix nobody named: whatever a logging system put in front of the line.
//
// Each round of pasted dumps brought a new one: Google Cloud Logging's JSON export
// (`"textPayload": "[195998.443208] node invoked oom-killer: …\\r\\n",`), a first line whose "[" the
// writer's selection cut (`41066.536886] IPDL Background invoked oom-killer: …`), container runtimes,
// kubectl/stern/loki pod prefixes, a log shipper's own time and level. The kernel's own stamp is the
// anchor: a dmesg uptime stamp "[ 123.456789]" (a decimal point inside brackets: no kernel text
// prints one in a line's first columns), or a syslog time before "kernel: ". What stands before it
// is the prefix, whatever its shape; the learner (learn-prefix.ts) needs three lines of one shape,
// this needs none. A prefix that opened a JSON or quoted string also closes it after the text: the
// closing quote, a comma, and the escaped line end are taken off, and the string's escapes undone.

/** Characters a prefix may take before the stamp. */
const MAX_PREFIX = 200;
// dmesg's stamps: uptime "[ 123.456789]", -H's "[  +0.000082]" and "[Oct28 16:58]", -T's clock in any
// locale ("[Thu Sep 10 01:07:31 2011]", "[qua jul  8 09:49:25 2026]").
const UPTIME_INSIDE = /\[\s*\+?\d+\.\d{3,9}\]|\[[^\][]{0,24}\d\d:\d\d(?::\d\d)?[^\][]{0,8}\]/;
// The stamp's "[" lost at the very start of the text (a selection cut one character short).
const CUT_OPEN = /^\d+\.\d{6}\](?= )/;
// A clock or an epoch, up to two words (a zone, a host), then the kernel's tag: `Sep 10 01:07:31 web1
// kernel: `, journalctl -o short-full's `Mon 2023-06-19 10:11:12 UTC web1 kernel: `, -o short-unix's
// `1686951234.123456 web1 kernel: `, RFC 5424's `2023-06-19T10:11:12Z web1 kernel - - - `.
const SYSLOG_INSIDE = /(?:\d\d:\d\d:\d\d|\b\d{9,10}\.\d+)\S*(?: \S+){0,2} kernel(?:: | \S+ \S+ (?:-|\[[^\]]*\]) )/;

// A JSON export's field on a line of its own, its value a log line ("textPayload": "…",): the value.
const JSON_FIELD = /^"([\w.@-]+)":\s*"(.*)",?$/;
// A pretty-printed JSON export's structure: braces, brackets, a key opening an object or array, a
// number or literal field ("insertId": 7710, "labels": {): none is a kernel line.
const JSON_STRUCTURE = /^(?:[{}[\]],?|"[\w.@-]+":\s*(?:[{[]|-?\d[\d.]*,?|true,?|false,?|null,?))$/;

/** The text of a JSON string field that holds a whole line, decoded, or null. */
export function jsonFieldText(line: string): string | null {
  const m = line.includes('": "') ? JSON_FIELD.exec(line) : null;
  return m ? closeString(m[2]) : null;
}

/**
 * A line of a JSON export that is no message: its structure, or a field other than the message
 * ("severity": "INFO", "timestamp": "…", "zone": "…"). The reader skips it, so that it neither ends
 * a dump nor counts as the line after one.
 */
export function jsonMetadata(line: string): boolean {
  if (JSON_STRUCTURE.test(line)) return true;
  const m = line.includes('": "') ? JSON_FIELD.exec(line) : null;
  return m !== null && !MESSAGE_FIELDS.includes(m[1]);
}

/** The line from the kernel's stamp on, or null when no stamp follows a prefix. */
export function fromStampInside(line: string): string | null {
  if (CUT_OPEN.test(line)) return `[${line}`;
  const head = line.length > MAX_PREFIX + 40 ? line.slice(0, MAX_PREFIX + 40) : line;
  const m = UPTIME_INSIDE.exec(head);
  if (!m || m.index === 0 || m.index > MAX_PREFIX) return null;
  const prefix = line.slice(0, m.index);
  const rest = line.slice(m.index);
  return opensString(prefix) ? closeString(rest) : rest;
}

/** A syslog-like line no named prefix read: its clock (as written, with what came before it) and the kernel's text. */
export function syslogInside(line: string): { time: string; text: string } | null {
  const head = line.length > MAX_PREFIX + 60 ? line.slice(0, MAX_PREFIX + 60) : line;
  const m = SYSLOG_INSIDE.exec(head);
  if (!m || m.index > MAX_PREFIX) return null;
  const prefix = line.slice(0, m.index);
  const rest = line.slice(m.index + m[0].length);
  const clock = /^\S+/.exec(m[0])?.[0] ?? '';
  return { time: `${prefix}${clock}`.trim(), text: opensString(prefix) ? closeString(rest) : rest };
}

/** The prefix leaves a double-quoted string open (a JSON field's value, a quoted log message). */
function opensString(prefix: string): boolean {
  return ((prefix.replace(/\\"/g, '').match(/"/g)?.length ?? 0) % 2) === 1;
}

/** The string's tail taken off (`\r\n",`), and its escapes undone (`\"` -> `"`, `\\` -> `\`). */
function closeString(rest: string): string {
  const body = rest.replace(/"\s*,?\s*$/, '');
  let text: string;
  try {
    text = JSON.parse(`"${body}"`) as string;
  } catch {
    text = body;
  }
  // Cloud Logging double-escapes (is_text_escaped): one decoding leaves "\r\n" as text.
  return text.replace(/(?:\\[rn]|[\r\n])+$/, '');
}

/** A log record exported as one JSON object per line: its text, and whose it was. */
export interface JsonRecord { text: string; kernel: boolean; time: string | null; uptime: number | null }

// Fields that hold the message in the JSON exports people paste: journalctl -o json (MESSAGE), Docker's
// json-file driver (log), Cloud Logging (textPayload), Loki and most shippers (line, message, msg).
const MESSAGE_FIELDS = ['MESSAGE', 'textPayload', 'log', 'line', 'message', 'msg'];
const MAX_RECORD = 65536;

/**
 * `{"MESSAGE":"oom-kill:constraint=…","SYSLOG_IDENTIFIER":"kernel","_SOURCE_MONOTONIC_TIMESTAMP":"…",…}`:
 * the record's message, its stamps when journald gave them (microseconds), and whether it was the
 * kernel's (a journal export holds every daemon's records: only the kernel transport or identifier
 * counts; a record that names neither is taken as the kernel's when its text is).
 */
export function jsonRecord(line: string): JsonRecord | null {
  const t = line.trim().replace(/,$/, '');
  if (t.length > MAX_RECORD || !t.startsWith('{') || !t.endsWith('}')) return null;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(t) as Record<string, unknown>;
  } catch {
    return null;
  }
  const field = MESSAGE_FIELDS.find((f) => typeof o[f] === 'string');
  if (!field || o === null || typeof o !== 'object') return null;
  const named = [o.SYSLOG_IDENTIFIER, o._TRANSPORT].filter((v) => typeof v === 'string');
  const micros = (v: unknown): number | null => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) / 1e6 : null);
  const real = micros(o.__REALTIME_TIMESTAMP);
  // The record is untrusted: a realtime stamp past Date's range (±8.64e15 ms) has no time, not a throw.
  const date = real === null ? null : new Date(real * 1000);
  return {
    text: (o[field] as string).replace(/[\r\n]+$/, ''),
    kernel: named.length === 0 || named.includes('kernel'),
    time: date !== null && Number.isFinite(date.getTime()) ? date.toISOString() : null,
    uptime: micros(o._SOURCE_MONOTONIC_TIMESTAMP),
  };
}
