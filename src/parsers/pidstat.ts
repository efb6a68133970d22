// pidstat of sysstat 9 to 12: -u, -r, -d alone or combined, %wait, iodelay, 12/24h times, Average rows.
import { defineParser, unparsed } from './types.js';

/** A pidstat row: time, pid, command and the report's own columns by their printed names. */
export interface PidstatRow {
  time: string;
  pid: number;
  /** UID column when -U/-h printed one, else null. */
  uid: number | null;
  command: string;
  /** '%user', '%system', '%CPU', 'CPU', 'minflt/s', 'RSS', 'kB_rd/s', 'iodelay'… */
  values: Record<string, number>;
}
export interface PidstatFacts {
  /** The banner line: 'Linux 2.6.39-linode33 (web1) 09/10/11 _i686_ (4 CPU)'. */
  header: { kernel: string; host: string; date: string; arch: string | null; cpus: number | null } | null;
  /** Rows of every report merged by (time, pid): one row per process per sample. */
  rows: PidstatRow[];
  /** The Average: rows, merged by pid. */
  averages: PidstatRow[];
  /** Collected by hostsnap's /proc fallback instead of pidstat. */
  fromProcFallback: boolean;
}

export const pidstat = defineParser<PidstatFacts>({
  name: 'pidstat',
  sources: ['pidstat'],
  description: `pidstat of sysstat 9 to 12: -u, -r, -d alone or combined, %wait, iodelay, 12/24h times, Average rows.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
