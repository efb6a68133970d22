// A host's settings the fleet index compares within a group: kernel, arch, swap total, vm.* sysctls.
import type { SourceSet } from '../archive/types.js';
import { buildFacts } from '../facts/build.js';
import type { Facts } from '../facts/types.js';

/** What outliers are looked for in. Values from hosts are untrusted: renderers escape them. */
export interface HostSettings {
  kernel: string | null;
  arch: string | null;
  /** Swap of every area (/proc/swaps), else meminfo's SwapTotal, else free's; 0 without swap. */
  swapTotalKb: number | null;
  /** `vm.*` keys of the sysctl source as printed, but BOOT_DERIVED ones ("60", "256\t256\t32\t0\t0"); {} when not read. */
  vm: Record<string, string>;
}

/** The sources settingsOfSources needs: parsing only these keeps `hostsnap index` cheap. */
const SETTING_SOURCES = ['uname', 'sysctl', 'proc-swaps', 'proc-meminfo', 'free'];

function swapTotalOf(facts: Facts): number | null {
  const { swaps, meminfo, free } = facts.parsed;
  if (swaps) return swaps.swaps.reduce((sum, area) => sum + area.sizeKb, 0);
  const fromMeminfo = meminfo?.fields.SwapTotal;
  if (typeof fromMeminfo === 'number') return fromMeminfo;
  return free?.swapTotalKb ?? null;
}

/**
 * Not compared: the kernel sets these at boot from the pages free at that moment (mm/util.c
 * init_user_reserve/init_admin_reserve: free/32, capped), so two boots of one machine differ
 * (100401 vs 100452 kB in the debian12 fixtures, same VM): every fleet would list them.
 */
const BOOT_DERIVED = new Set(['vm.user_reserve_kbytes', 'vm.admin_reserve_kbytes']);

export function settingsOfFacts(facts: Facts): HostSettings {
  const vm: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts.parsed.sysctl?.values ?? {})) {
    if (key.startsWith('vm.') && !BOOT_DERIVED.has(key)) vm[key] = value;
  }
  return { kernel: facts.host.kernel, arch: facts.host.arch, swapTotalKb: swapTotalOf(facts), vm };
}

/** The settings of a snapshot read back (an archive of `schedule`), parsing only the sources they need. */
export function settingsOfSources(set: SourceSet): HostSettings {
  const sources = new Map([...set.sources].filter(([id]) => SETTING_SOURCES.includes(id)));
  return settingsOfFacts(buildFacts({ ...set, sources }));
}
