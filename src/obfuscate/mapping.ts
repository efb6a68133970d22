// One obfuscation mapping (a snapshot's, or a whole collection's): original value -> stand-in, by kind.
import { foldsCase, isKept, type ValueKind } from './kinds.js';
import { SHAPES } from './shapes.js';
import { ipv4StandIn, ipv6StandIn, macStandIn, nameStandIn } from './standin.js';

export interface MappingEntry {
  kind: ValueKind;
  original: string;
  standIn: string;
}

// Inventory group names (kind 'group') are not searched in texts: they are the operator's
// labels, often common words (`web`, `db`, `fleet`) that host texts and hostsnap's own pages are
// full of, and no host prints them. hostsnap writes them in one place, the fleet index, where
// collect-fleet.ts puts their stand-ins (add('group', …)).
const NAME_KINDS: readonly ValueKind[] = ['host', 'domain', 'user', 'cgroup'];

/** ps prints a user name wider than its 8 columns as its first 7 characters and a '+'. */
const PS_USER_WIDTH = 8;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Names match only where they stand whole: not inside a longer word of letters, digits, '_' or
 * '-'. A name shorter than 4 characters must not touch a dot either: host `vm` is not the `vm`
 * of `vm.swappiness`. The verification pass uses the same matchers (survivors()).
 */
function namePattern(names: string[], short: boolean, fold: boolean): RegExp | null {
  if (names.length === 0) return null;
  const edge = short ? '[A-Za-z0-9_.-]' : '[A-Za-z0-9_-]';
  const alternatives = [...names].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escape).join('|');
  // hostsnap's own file names put the host before -TIMESTAMP (web1-20261201T080410Z.tar.gz): that '-' ends a name.
  return new RegExp(`(?<!${edge})(?:${alternatives})(?=-\\d{8}T\\d{6}Z|(?!${edge}))`, fold ? 'gi' : 'g');
}

export class ObfuscationMap {
  private readonly byKey = new Map<string, MappingEntry>();
  private readonly counters = new Map<string, number>();
  private readonly labels = new Map<string, string>();
  private patterns: RegExp[] | null = null;

  private key(kind: ValueKind, value: string): string {
    return `${kind}\0${foldsCase(kind) || kind === 'ipv6' || kind === 'mac' ? value.toLowerCase() : value}`;
  }

  private next(counter: string): number {
    const n = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, n);
    return n;
  }

  private put(kind: ValueKind, original: string, standIn: string): string {
    this.byKey.set(this.key(kind, original), { kind, original, standIn });
    this.patterns = null;
    return standIn;
  }

  /** The stand-in of `value`, made on first sight; null when the value is kept (kinds.ts). */
  add(kind: ValueKind, value: string): string | null {
    if (isKept(kind, value)) return null;
    const known = this.byKey.get(this.key(kind, value));
    if (known) return known.standIn;
    switch (kind) {
      case 'ipv4': return this.put(kind, value, this.fresh('ipv4', (n) => ipv4StandIn(value, n)));
      case 'ipv6': return this.put(kind, value, this.fresh('ipv6', ipv6StandIn));
      case 'mac': return this.put(kind, value, this.fresh('mac', (n) => macStandIn(value, n)));
      case 'domain': return this.put(kind, value, this.domainStandIn(value));
      case 'host': return this.addHost(value);
      case 'user': return this.addUser(value);
      case 'cgroup': return this.put(kind, value, this.fresh('cgroup', (n) => nameStandIn('cgroup', n, value.length)));
      case 'group': return this.put(kind, value, this.fresh('group', (n) => nameStandIn('group', n, value.length)));
    }
  }

  /** A stand-in from the counter that is no original of the same kind (an address may already be one). */
  private fresh(counter: string, make: (n: number) => string): string {
    for (;;) {
      const candidate = make(this.next(counter));
      if (![...this.byKey.values()].some((e) => e.original.toLowerCase() === candidate.toLowerCase())) return candidate;
    }
  }

  private label(label: string): string {
    const known = this.labels.get(label.toLowerCase());
    if (known) return known;
    const made = nameStandIn('label', this.next('label'), label.length);
    this.labels.set(label.toLowerCase(), made);
    return made;
  }

  /** prod.example.com -> d1xx.d2xxxxx.com: each label but the top-level one, by width. */
  private domainStandIn(domain: string): string {
    const labels = domain.split('.');
    return [...labels.slice(0, -1).map((l) => this.label(l)), labels[labels.length - 1].toLowerCase()].join('.');
  }

  /** A fully qualified name is its host part and its domain, each mapped, and the whole. */
  private addHost(value: string): string {
    const [first, ...rest] = value.split('.');
    if (rest.length >= 2 && /[a-z]/i.test(rest[rest.length - 1])) {
      const host = this.add('host', first) ?? first;
      const domain = this.add('domain', rest.join('.')) ?? rest.join('.');
      return this.put('host', value, `${host}.${domain}`);
    }
    return this.put('host', value, this.fresh('host', (n) => nameStandIn('host', n, value.length)));
  }

  /** A long user name also gets its ps-cut form (first 7 characters and '+'), mapped to the stand-in's. */
  private addUser(value: string): string {
    const standIn = this.put('user', value, this.fresh('user', (n) => nameStandIn('user', n, value.length)));
    if (value.length > PS_USER_WIDTH && !value.endsWith('+')) {
      const cut = `${value.slice(0, PS_USER_WIDTH - 1)}+`;
      if (!isKept('user', cut) && !this.byKey.has(this.key('user', cut))) this.put('user', cut, `${standIn.slice(0, PS_USER_WIDTH - 1)}+`);
    }
    return standIn;
  }

  private namePatterns(): RegExp[] {
    if (this.patterns) return this.patterns;
    const out: RegExp[] = [];
    for (const fold of [true, false]) {
      for (const short of [false, true]) {
        const names = [...this.byKey.values()]
          .filter((e) => NAME_KINDS.includes(e.kind) && foldsCase(e.kind) === fold && (e.original.length < 4) === short)
          .map((e) => e.original);
        const pattern = namePattern(names, short, fold);
        if (pattern) out.push(pattern);
      }
    }
    this.patterns = out;
    return out;
  }

  private lookupName(match: string): MappingEntry | undefined {
    for (const kind of NAME_KINDS) {
      const entry = this.byKey.get(this.key(kind, match));
      if (entry) return entry;
    }
    return undefined;
  }

  /** The text with every address (found by shape, mapped on first sight) and every known name replaced. */
  apply(text: string): string {
    let out = text;
    for (const shape of SHAPES) {
      out = out.replace(shape.pattern, (match) => (shape.valid(match) ? this.add(shape.kind, match) ?? match : match));
    }
    for (const pattern of this.namePatterns()) out = out.replace(pattern, (match) => this.lookupName(match)?.standIn ?? match);
    return out;
  }

  /** The kinds of original values still in `text`, with where (character offset): the verification pass. */
  survivors(text: string): Array<{ kind: ValueKind; at: number }> {
    const found: Array<{ kind: ValueKind; at: number }> = [];
    for (const shape of SHAPES) {
      for (const m of text.matchAll(shape.pattern)) {
        const entry = this.byKey.get(this.key(shape.kind, m[0]));
        if (entry && entry.original !== entry.standIn) found.push({ kind: shape.kind, at: m.index ?? 0 });
      }
    }
    for (const pattern of this.namePatterns()) {
      for (const m of text.matchAll(pattern)) {
        const entry = this.lookupName(m[0]);
        if (entry) found.push({ kind: entry.kind, at: m.index ?? 0 });
      }
    }
    return found.sort((a, b) => a.at - b.at);
  }

  entries(): MappingEntry[] {
    return [...this.byKey.values()];
  }

  /**
   * A mapping saved by entries(), made again by adding its originals in the order they were
   * made: stand-ins come from counters in that order, so each original gets its stand-in back
   * and new values get fresh ones after them. Null when one comes out different (a mapping of
   * another hostsnap version): the caller must not mix stand-ins.
   */
  static replay(entries: readonly MappingEntry[]): ObfuscationMap | null {
    const map = new ObfuscationMap();
    for (const e of entries) if (map.add(e.kind, e.original) === null) return null;
    return entries.every((e) => map.byKey.get(map.key(e.kind, e.original))?.standIn === e.standIn) ? map : null;
  }
}
