// Ansible host ranges: `web[01:20].example.com`, `db-[a:f]`, `node[0:10:2]`, several per name.
import { inventoryError } from './model.js';

/** At most this many names from one pattern: a typo like [0:9999999] must not eat the memory. */
const MAX_NAMES = 10_000;

const RANGE = /\[([^\]:]*):([^\]:]*)(?::([^\]]*))?\]/;

/** Expands the first range, then the rest of each result (Ansible expands left to right). */
export function expandRange(pattern: string, file: string, line: number): string[] {
  const m = RANGE.exec(pattern);
  if (!m) return [pattern];
  const [whole, from, to, stepText] = m;
  const bad = (why: string): never => { throw inventoryError(file, line, `bad host range ${whole}: ${why}`, '[01:20], [a:f] or [0:10:2]', pattern); };
  const step = stepText === undefined || stepText === '' ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) bad('the step is not a whole number ≥ 1');
  let items: string[] = [];
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    // Leading zeros set the width: [01:20] gives 01, 02 … 20.
    const width = from.length;
    const [a, b] = [Number(from), Number(to)];
    if (a > b) bad('the start is after the end');
    if ((b - a) / step >= MAX_NAMES) bad(`more than ${MAX_NAMES} names`);
    for (let n = a; n <= b; n += step) items.push(String(n).padStart(width, '0'));
  } else if (/^[a-z]$/.test(from) && /^[a-z]$/.test(to) || /^[A-Z]$/.test(from) && /^[A-Z]$/.test(to)) {
    if (from > to) bad('the start is after the end');
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c += step) items.push(String.fromCharCode(c));
  } else bad('expected two numbers or two letters');
  const names: string[] = [];
  for (const item of items) {
    for (const rest of expandRange(pattern.slice(m.index + whole.length), file, line)) {
      names.push(pattern.slice(0, m.index) + item + rest);
      if (names.length > MAX_NAMES) bad(`more than ${MAX_NAMES} names`);
    }
  }
  return names;
}
