// /proc/self/mountinfo (kernels 2.6.26+): major:minor to mount point.
import { defineParser, unparsed } from './types.js';

export interface MountinfoEntry {
  mountId: number;
  parentId: number;
  major: number;
  minor: number;
  root: string;
  mountPoint: string;
  options: string;
  fsType: string;
  source: string;
  superOptions: string;
}
export interface MountinfoFacts {
  mounts: MountinfoEntry[];
}

export const mountinfo = defineParser<MountinfoFacts>({
  name: 'mountinfo',
  sources: ['proc-mountinfo'],
  description: `/proc/self/mountinfo (kernels 2.6.26+): major:minor to mount point.`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
