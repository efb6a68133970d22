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
// A syslog or ISO clock, an optional host, then the kernel's tag: `Sep 10 01:07:31 web1 kernel: `.
const SYSLOG_INSIDE = /(?:[A-Z][a-z]{2} [ \d]?\d |\d{4}-\d\d-\d\d[T ])\d\d:\d\d:\d\d\S*(?: \S+)? kernel: /;

// A JSON export's field on a line of its own, its value a log line ("textPayload": "…",): the value.
const JSON_FIELD = /^"[\w.@-]+":\s*"(.*)",?$/;

/** The text of a JSON string field that holds a whole line, decoded, or null. */
export function jsonFieldText(line: string): string | null {
  const m = line.includes('": "') ? JSON_FIELD.exec(line) : null;
  return m ? closeString(m[1]) : null;
}

/** The line from the kernel's stamp on, or null when no stamp follows a prefix. */
export function fromStampInside(line: string): string | null {
  if (CUT_OPEN.test(line)) return `[${line}`;
  const head = line.length > MAX_PREFIX + 40 ? line.slice(0, MAX_PREFIX + 40) : line;
  const m = UPTIME_INSIDE.exec(head) ?? SYSLOG_INSIDE.exec(head);
  if (!m || m.index === 0 || m.index > MAX_PREFIX) return null;
  const prefix = line.slice(0, m.index);
  const rest = line.slice(m.index);
  return opensString(prefix) ? closeString(rest) : rest;
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
