// Ansible's --limit: groups, hosts, globs, ~regex, a:b union, a:&b intersection, a:!b exclusion, @FILE.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Inventory } from './model.js';

const EXPECTED = 'group, host, glob, ~regex, a:b, a:&b, a:!b, @FILE';

// Ansible splits on commas when there are any, else on colons (IPv6 addresses aside).
function terms(pattern: string): string[] {
  return (pattern.includes(',') ? pattern.split(',') : pattern.split(':')).map((t) => t.trim()).filter((t) => t !== '');
}

function globRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The hosts one term names, in inventory order. */
function matchTerm(inventory: Inventory, term: string, pattern: string): string[] {
  const names = inventory.hosts.map((h) => h.name);
  if (term === 'all' || term === '*') return names;
  if (term.startsWith('@')) {
    let text: string;
    try {
      text = readFileSync(term.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(`--limit ${term}: cannot read ${term.slice(1)}`, { expected: 'a file of host names, one a line', found: String((error as NodeJS.ErrnoException).code ?? error) });
    }
    const wanted = new Set(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
    return names.filter((n) => wanted.has(n));
  }
  if (term.startsWith('~')) {
    let re: RegExp;
    try {
      re = new RegExp(term.slice(1));
    } catch (error) {
      throw new UsageError(`--limit ${pattern}: bad regular expression ${term}`, { expected: EXPECTED, found: term, cause: error });
    }
    return names.filter((n) => re.test(n));
  }
  const group = inventory.groups.get(term);
  if (group) return group;
  if (/[*?]/.test(term)) {
    const re = globRegExp(term);
    const hosts = new Set(names.filter((n) => re.test(n)));
    for (const [g, members] of inventory.groups) if (re.test(g)) for (const h of members) hosts.add(h);
    return names.filter((n) => hosts.has(n));
  }
  return names.filter((n) => n === term);
}

/**
 * The selected hosts in inventory order. Like Ansible, unions are taken first, then
 * intersections (&), then exclusions (!), whatever their order in the pattern. A pattern that
 * selects nothing is a usage error (Ansible only warns, then does nothing).
 */
export function selectHosts(inventory: Inventory, pattern: string | undefined): string[] {
  const all = inventory.hosts.map((h) => h.name);
  if (pattern === undefined) return all;
  const list = terms(pattern);
  if (list.length === 0) throw new UsageError('--limit is empty', { expected: EXPECTED, found: pattern });
  const unions = list.filter((t) => !t.startsWith('&') && !t.startsWith('!'));
  let selected = new Set(unions.length > 0 ? unions.flatMap((t) => matchTerm(inventory, t, pattern)) : all);
  for (const t of list.filter((x) => x.startsWith('&'))) {
    const keep = new Set(matchTerm(inventory, t.slice(1), pattern));
    selected = new Set([...selected].filter((h) => keep.has(h)));
  }
  for (const t of list.filter((x) => x.startsWith('!'))) {
    for (const h of matchTerm(inventory, t.slice(1), pattern)) selected.delete(h);
  }
  const result = all.filter((n) => selected.has(n));
  if (result.length === 0) throw new UsageError(`--limit ${pattern} selects no host of ${inventory.file}`, { expected: EXPECTED, found: pattern });
  return result;
}
