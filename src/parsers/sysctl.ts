// sysctl -a style 'key = value' lines (procps and busybox).
import { defineParser, unparsed } from './types.js';
import { hostRecord, linesOf } from './lines/text.js';

/**
 * procps `sysctl -a` and busybox `sysctl -a` print "key = value"; a file of several figures
 * keeps the kernel's tabs between them (6.18, procps-ng 4.0.2):
 *   vm.lowmem_reserve_ratio = 256	256	32	0	0
 *   vm.vfs_cache_pressure = 100
 * Values are kept as printed (split multi-figure ones on whitespace). A file of several
 * lines (dev.cdrom.info) is printed once per line under the same key: joined with "\n".
 * Lines that are not "key = value" ("sysctl: permission denied on key …" on stderr, when
 * pasted) are skipped.
 */
export interface SysctlFacts {
  values: Record<string, string>;
}

const LINE = /^([A-Za-z0-9_][\w.\-/]*)\s*=\s?(.*)$/;

export const sysctl = defineParser<SysctlFacts>({
  name: 'sysctl',
  sources: ['sysctl'],
  description: `sysctl -a style 'key = value' lines (procps and busybox).`,
  parse(text) {
    const values = hostRecord<string>();
    for (const line of linesOf(text)) {
      const match = LINE.exec(line);
      if (!match || !match[1].includes('.')) continue;
      const [, key, raw] = match;
      // trimEnd, not /\s+$/: that pattern is quadratic on a long run of inner spaces.
      const value = raw.trimEnd();
      values[key] = key in values ? `${values[key]}\n${value}` : value;
    }
    if (Object.keys(values).length === 0) return unparsed("no 'key.name = value' line", text);
    return { values };
  },
});
