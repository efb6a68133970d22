// The memcg probe: every memory cgroup's usage and limit (cgroup v1 or v2), or /proc/cgroups when neither is there.
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf } from './lines/text.js';

/**
 * GNU grep -r '' prints `PATH:VALUE`, one line per file, in the order the directory walk meets them
 * (not sorted; a cgroup's two files need not be adjacent). cgroup v1, kernel 6.18, grep 3.8:
 *   /sys/fs/cgroup/memory/memory.limit_in_bytes:9223372036854771712
 *   /sys/fs/cgroup/memory/hostsnap-rec-a/memory.usage_in_bytes:52428800
 * cgroup v2 (memory.max is a byte count or `max`; the root cgroup has neither file):
 *   /sys/fs/cgroup/system.slice/memory.max:max
 *   /sys/fs/cgroup/system.slice/memory.current:1234567168
 * With no memory cgroup files at all the probe reads /proc/cgroups instead:
 *   #subsys_name	hierarchy	num_cgroups	enabled
 *   memory	4	51	1
 */
export interface MemcgFacts {
  /** Which hierarchy the figures came from; null when only /proc/cgroups was read. */
  version: 1 | 2 | null;
  /** From /proc/cgroups when no hierarchy was read: absent (not built in), disabled, enabled (not mounted). */
  controller: 'absent' | 'disabled' | 'enabled' | null;
  /** Cgroups with a usage figure, limited or not. */
  groups: number;
  /** The cgroups with a real limit, path relative to the hierarchy's root ("/" is the root), by path. */
  limited: Array<{ path: string; usageKb: number; limitKb: number; headroomKb: number }>;
}

/**
 * v1 says "no limit" as PAGE_COUNTER_MAX pages: 0x7FFFFFFFFFFFF000 with 4 KiB pages, less with
 * 64 KiB pages (arm64, ppc64), so not one fixed figure. Nothing real is limited above 1 EiB.
 */
const UNLIMITED_BYTES = 2 ** 60;

// The cgroup's path is group 1 (absent for the hierarchy's root), the file 2, the figure 3.
const V1 = /^\/sys\/fs\/cgroup\/memory(\/.*)?\/memory\.(limit_in_bytes|usage_in_bytes):(\d+)$/;
const V2 = /^\/sys\/fs\/cgroup(\/.*)?\/memory\.(max|current):(\d+|max)$/;

interface Raw { usage?: number; limit?: number | null }

function procCgroups(text: string): MemcgFacts | null {
  if (!/^#subsys_name\s+hierarchy\s+num_cgroups\s+enabled/m.test(text)) return null;
  const memory = linesOf(text).map(fieldsOf).find((f) => f[0] === 'memory' && f.length >= 4);
  const controller = memory === undefined ? 'absent' : memory[3] === '1' ? 'enabled' : 'disabled';
  return { version: null, controller, groups: 0, limited: [] };
}

export const memcg = defineParser<MemcgFacts>({
  name: 'memcg',
  sources: ['memcg'],
  description: 'Memory cgroups: v1 memory.limit_in_bytes/usage_in_bytes or v2 memory.max/current (grep -r), /proc/cgroups.',
  parse(text) {
    const fromProc = procCgroups(text);
    if (fromProc) return fromProc;
    // A capped read ends mid-line: a cut figure would be a wrong one, so the unfinished last line goes.
    const lines = text.split('\n');
    if (!text.endsWith('\n')) lines.pop();
    const byPath = new Map<string, Raw>();
    let version: 1 | 2 | null = null;
    for (const line of lines) {
      // A cgroup name is host data. ':' in it is fine (the figure is after the last one); a newline
      // splits the line and the pieces fail the patterns, unless the name spells a whole line, which
      // only someone allowed to make cgroups (root, or a delegated user) can do.
      const v1 = V1.exec(line);
      const m = v1 ?? V2.exec(line);
      if (!m) continue;
      const [, rel, file, value] = m;
      version ??= v1 ? 1 : 2;
      const path = rel ?? '/';
      const raw = byPath.get(path) ?? {};
      byPath.set(path, raw);
      const bytes = value === 'max' ? null : Number(value);
      if (file === 'usage_in_bytes' || file === 'current') raw.usage = bytes ?? undefined;
      else raw.limit = bytes !== null && bytes < UNLIMITED_BYTES ? bytes : null;
    }
    if (version === null) return unparsed('no memory.limit_in_bytes/usage_in_bytes or memory.max/current line, no /proc/cgroups header', text);
    const limited: MemcgFacts['limited'] = [];
    let groups = 0;
    for (const [path, raw] of byPath) {
      if (raw.usage === undefined) continue;
      groups++;
      if (raw.limit === undefined || raw.limit === null) continue;
      const usageKb = Math.round(raw.usage / 1024);
      const limitKb = Math.round(raw.limit / 1024);
      limited.push({ path, usageKb, limitKb, headroomKb: Math.max(0, limitKb - usageKb) });
    }
    limited.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { version, controller: null, groups, limited };
  },
});
