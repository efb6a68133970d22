// /proc/vmstat counters (all kernels since 2.6).
import { defineParser, unparsed } from './types.js';
import { fieldsOf, hostRecord, linesOf, toInt } from './lines/text.js';

/**
 * One "name value" pair per line (mm/vmstat.c, vmstat_show). The names change with kernels
 * (2.6.18 has pgalloc_high for highmem zones, 4.8+ adds nr_zone_* per-zone counters, 5.x adds
 * workingset_*), so every line is kept by its own name. Linux 6.18 x86_64 (Debian 12 here):
 *   nr_free_pages 6026346
 *   pgscan_kswapd 0
 *   oom_kill 0
 */
export interface ProcVmstatFacts {
  counters: Record<string, number>;
}

const NAME = /^[a-z][a-z0-9_]*$/;

export const procvmstat = defineParser<ProcVmstatFacts>({
  name: 'procvmstat',
  sources: ['proc-vmstat'],
  description: `/proc/vmstat counters (all kernels since 2.6).`,
  parse(text) {
    const counters = hostRecord<number>();
    let seen = 0;
    let other = 0;
    for (const line of linesOf(text)) {
      const fields = fieldsOf(line);
      if (fields.length === 0) continue;
      const value = fields.length === 2 && NAME.test(fields[0]) ? toInt(fields[1]) : null;
      if (value === null) { other += 1; continue; }
      counters[fields[0]] = value;
      seen += 1;
    }
    if (seen === 0) return unparsed("no 'name value' counter line", text);
    // A few odd lines (a cut paste) are tolerated; mostly other text is not /proc/vmstat.
    if (other > seen) return unparsed(`${other} lines are not 'name value' counters, only ${seen} are`, text);
    return { counters };
  },
});
