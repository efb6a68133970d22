// /proc/uptime (seconds up, seconds idle) or the uptime command line.
import { defineParser, unparsed } from './types.js';

export interface UptimeFacts {
  uptimeSeconds: number | null;
  /** From the uptime command line, when that is what was read. */
  load: [number, number, number] | null;
}

export const uptime = defineParser<UptimeFacts>({
  name: 'uptime',
  sources: ['uptime'],
  description: `/proc/uptime (seconds up, seconds idle) or the uptime command line.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
