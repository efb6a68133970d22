// uname -a (GNU coreutils, busybox) and plain uname -srm.
import { defineParser, unparsed } from './types.js';

export interface UnameFacts {
  kernelName: string;
  nodename: string | null;
  release: string;
  version: string | null;
  /** i686, x86_64, aarch64… */
  machine: string;
  /** 32 or 64 from the machine name; null when unknown. */
  bits: 32 | 64 | null;
}

export const uname = defineParser<UnameFacts>({
  name: 'uname',
  sources: ['uname'],
  description: `uname -a (GNU coreutils, busybox) and plain uname -srm.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
