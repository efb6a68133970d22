// The inventory model shared by the INI, YAML and plain-list readers: groups, children, vars, hosts.
import { UsageError } from '../errors.js';

export type Vars = Record<string, string>;

/** One host as the inventory names it, with its groups and its merged variables. */
export interface InventoryHost {
  /** the inventory name: what --limit and failed.txt use */
  name: string;
  /** every group the host is in, directly or through `children`, `all` included */
  groups: string[];
  /** Ansible's precedence: `all`, then groups by depth (parents before children), then the host's own */
  vars: Vars;
}

export interface Inventory {
  file: string;
  hosts: InventoryHost[];
  /** group -> inventory names of its hosts (through children too) */
  groups: Map<string, string[]>;
}

interface Group {
  vars: Vars;
  children: Set<string>;
  hosts: Set<string>;
}

/** Where a definition came from, for errors: `FILE:LINE`. */
export function inventoryError(file: string, line: number | null, message: string, expected: string, found: string): UsageError {
  return new UsageError(`inventory ${file}${line === null ? '' : `:${line}`}: ${message}`, { expected, found });
}

/** Collects definitions in any order (Ansible allows a group to be used before it is defined). */
export class InventoryBuilder {
  private readonly groups = new Map<string, Group>();
  private readonly hostVars = new Map<string, Vars>();
  private readonly order: string[] = [];

  constructor(readonly file: string) {
    this.group('all');
    this.group('ungrouped');
  }

  group(name: string): Group {
    let group = this.groups.get(name);
    if (!group) {
      group = { vars: {}, children: new Set(), hosts: new Set() };
      this.groups.set(name, group);
    }
    return group;
  }

  addHost(groupName: string, name: string, vars: Vars): void {
    if (!this.hostVars.has(name)) {
      this.hostVars.set(name, {});
      this.order.push(name);
    }
    Object.assign(this.hostVars.get(name)!, vars);
    this.group(groupName).hosts.add(name);
  }

  addChild(parent: string, child: string): void {
    this.group(child);
    this.group(parent).children.add(child);
  }

  setGroupVars(groupName: string, vars: Vars): void {
    Object.assign(this.group(groupName).vars, vars);
  }

  /** Ancestors of each group (itself included) with their depth below `all`. Cycles are errors. */
  private depths(): Map<string, number> {
    const depth = new Map<string, number>([['all', 0]]);
    // Longest path from `all`: a child is deeper than every parent. Bounded: one pass per group.
    for (let pass = 0; pass <= this.groups.size; pass++) {
      let changed = false;
      for (const [name, group] of this.groups) {
        const d = name === 'all' ? 0 : depth.get(name) ?? 1;
        if (!depth.has(name)) { depth.set(name, d); changed = true; }
        for (const child of group.children) {
          if ((depth.get(child) ?? 0) <= d) { depth.set(child, d + 1); changed = true; }
        }
      }
      if (!changed) return depth;
    }
    throw inventoryError(this.file, null, 'groups are children of each other (a cycle)', 'a tree of groups', [...this.groups.keys()].join(', '));
  }

  build(): Inventory {
    const depth = this.depths();
    const members = new Map<string, Set<string>>();
    const hostsOf = (name: string, seen: Set<string>): Set<string> => {
      const known = members.get(name);
      if (known) return known;
      const group = this.groups.get(name)!;
      const result = new Set(group.hosts);
      for (const child of group.children) if (!seen.has(child)) for (const h of hostsOf(child, new Set([...seen, child]))) result.add(h);
      members.set(name, result);
      return result;
    };
    // Every host is in `all`; one in no group but all is in `ungrouped`.
    const all = this.group('all');
    for (const name of this.order) all.hosts.add(name);
    for (const name of this.groups.keys()) hostsOf(name, new Set([name]));
    const ungrouped = members.get('ungrouped')!;
    for (const name of this.order) {
      const inSome = [...members].some(([g, set]) => g !== 'all' && g !== 'ungrouped' && set.has(name));
      if (!inSome) ungrouped.add(name);
    }
    const byDepth = [...this.groups.keys()].sort((a, b) => (depth.get(a)! - depth.get(b)!) || (a < b ? -1 : a > b ? 1 : 0));
    const hosts = this.order.map((name) => {
      const groups = byDepth.filter((g) => members.get(g)!.has(name));
      const vars: Vars = {};
      for (const g of groups) Object.assign(vars, this.groups.get(g)!.vars);
      Object.assign(vars, this.hostVars.get(name));
      return { name, groups, vars };
    });
    const groups = new Map([...members].map(([g, set]) => [g, this.order.filter((h) => set.has(h))]));
    return { file: this.file, hosts, groups };
  }
}
