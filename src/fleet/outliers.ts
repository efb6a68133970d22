// Setting outliers: hosts whose kernel, arch, swap or vm.* value differs from the majority of a group they are in.
import type { HostSettings } from './settings.js';

/** One host's setting that is not its group's usual one. Values are the host's (untrusted). */
export interface SettingOutlier {
  /** The host as the index lists it (its input) and its own name. */
  input: string;
  name: string | null;
  group: string;
  /** `kernel`, `arch`, `swap` or a sysctl key (`vm.swappiness`). */
  setting: string;
  value: string;
  /** The value more than half of the group's hosts that report the setting have. */
  usual: string;
  /** Hosts of the group that report the setting, and how many of them have the usual value. */
  compared: number;
  usualCount: number;
}

export interface SettingsHost {
  input: string;
  name: string | null;
  /** Inventory groups (Ansible's, `all` and `ungrouped` included); [] without an inventory. */
  groups: string[];
  settings: HostSettings | null;
}

/** Every host is in it: the group of hosts that have no other one (analyze, index, a plain list). */
export const IMPLICIT_GROUP = 'all';

/**
 * The groups a host is compared in: its inventory groups but `all` and `ungrouped`, else `all`.
 * `all` is left out when the host has a real group: a whole group that differs from another
 * (db hosts with more swap than web hosts) is a design, not an odd host.
 */
export function comparedGroups(groups: string[]): string[] {
  const real = groups.filter((g) => g !== 'all' && g !== 'ungrouped');
  return real.length > 0 ? real : [IMPLICIT_GROUP];
}

/** The values outliers are looked for in, by setting name; an unknown value is absent, never compared. */
export function settingValues(settings: HostSettings | null): Map<string, string> {
  const values = new Map<string, string>();
  if (settings === null) return values;
  if (settings.kernel !== null) values.set('kernel', settings.kernel);
  if (settings.arch !== null) values.set('arch', settings.arch);
  if (settings.swapTotalKb !== null) values.set('swap', `${settings.swapTotalKb} kB`);
  for (const key of Object.keys(settings.vm).sort()) values.set(key, settings.vm[key]);
  return values;
}

/** The value held by more than half of `values`, else null (a tie, or all different). */
function majorityOf(values: string[]): { value: string; count: number } | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [value, count] of counts) if (count * 2 > values.length) return { value, count };
  return null;
}

/**
 * Per group and setting: the usual value is the one a strict majority of the group's hosts that
 * report it hold; the others are outliers. A group of 1 or 2 hosts therefore never has one (two
 * that differ have no majority, and neither is "the odd one"), nor has a 2-2 split. A host is
 * flagged only in the groups comparedGroups gives it, but `all` counts every host.
 */
export function settingOutliers(hosts: SettingsHost[]): SettingOutlier[] {
  const values = hosts.map((h) => settingValues(h.settings));
  const compared = hosts.map((h) => comparedGroups(h.groups));
  const groups = [...new Set(compared.flat())].sort();
  const found: SettingOutlier[] = [];
  for (const group of groups) {
    const members = hosts.map((_, i) => i).filter((i) => group === IMPLICIT_GROUP || hosts[i].groups.includes(group));
    const names = [...new Set(members.flatMap((i) => [...values[i].keys()]))];
    for (const setting of names) {
      const having = members.filter((i) => values[i].has(setting));
      const usual = majorityOf(having.map((i) => values[i].get(setting)!));
      if (usual === null) continue;
      for (const i of having) {
        const value = values[i].get(setting)!;
        if (value === usual.value || !compared[i].includes(group)) continue;
        found.push({ input: hosts[i].input, name: hosts[i].name, group, setting, value, usual: usual.value, compared: having.length, usualCount: usual.count });
      }
    }
  }
  const order = (o: SettingOutlier): string => `${o.group}\u0000${o.setting}\u0000${o.input}`;
  return found.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
