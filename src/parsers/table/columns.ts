// Column helpers for the table-printing tools: the free text after N whitespace-separated fields.

/**
 * The text after the first `count` whitespace-separated fields of a line, trailing blanks
 * dropped: the last column of ps and pidstat (COMMAND, Command) holds spaces of its own
 * ("sh -c sleep 31", pidstat -l's command lines), so it is cut from the line, not split.
 */
export function restAfter(line: string, count: number): string {
  let at = 0;
  for (let i = 0; i < count; i++) {
    while (at < line.length && /\s/.test(line[at])) at++;
    if (at >= line.length) return '';
    while (at < line.length && !/\s/.test(line[at])) at++;
  }
  return line.slice(at).trim();
}
