// ps: hostsnap's -eo columns, ps aux / axu (procps), busybox ps.
import { defineParser, unparsed } from './types.js';

export interface PsProcess {
  pid: number;
  ppid: number | null;
  user: string;
  stat: string;
  rssKb: number;
  vszKb: number;
  cpuPct: number | null;
  memPct: number | null;
  /** etime as printed ([[dd-]hh:]mm:ss), null when absent. */
  elapsed: string | null;
  /** The short name (comm), null when only args were printed. */
  comm: string | null;
  /** The full command line (args). */
  command: string;
}
export interface PsFacts {
  processes: PsProcess[];
}

export const ps = defineParser<PsFacts>({
  name: 'ps',
  sources: ['ps'],
  description: `ps: hostsnap's -eo columns, ps aux / axu (procps), busybox ps.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
