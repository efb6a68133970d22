// The kernel log (dmesg, dmesg -T, kern.log/messages, journalctl -k): OOM dumps and other events.
import { defineParser, unparsed } from './types.js';
import type { KernlogFacts } from './kernlog-types.js';

export type { KernlogFacts } from './kernlog-types.js';

export const kernlog = defineParser<KernlogFacts>({
  name: 'kernlog',
  sources: ['dmesg', 'kern-log'],
  description: `Kernel log: dmesg (plain, -T), syslog kern.log/messages lines, journalctl -k; OOM dumps of 2.6 to 6.x.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
