// sysctl -a style 'key = value' lines (procps and busybox).
import { defineParser, unparsed } from './types.js';

export interface SysctlFacts {
  values: Record<string, string>;
}

export const sysctl = defineParser<SysctlFacts>({
  name: 'sysctl',
  sources: ['sysctl'],
  description: `sysctl -a style 'key = value' lines (procps and busybox).`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
