// /proc/self/mountinfo (kernels 2.6.26+): major:minor to mount point.
import { defineParser, unparsed } from './types.js';
import { decodeOctalEscapes, fieldsOf, linesOf, toInt } from './lines/text.js';

/**
 * fs/proc_namespace.c, show_mountinfo; Ubuntu 5.x:
 *   24 30 0:22 / /sys rw,nosuid,nodev,noexec,relatime master:1 shared:7 - sysfs sysfs rw
 * mount id, parent id, major:minor of st_dev, root within the filesystem, mount point, mount
 * options, zero or more optional fields (shared:N, master:N, propagate_from:N, unbindable)
 * ended by "-", then filesystem type, source and superblock options. Spaces, tabs, newlines
 * and backslashes in paths are written as \040 \011 \012 \134. The major:minor is what names a
 * writeback thread ("flush-0:17") or a device in a kernel message: 0:N is an anonymous device
 * (NFS, tmpfs, FUSE, btrfs subvolume), mapped here to its mount point.
 */
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
  /** Optional fields before the "-" (shared:7, master:1…). */
  optionalFields: string[];
}
export interface MountinfoFacts {
  mounts: MountinfoEntry[];
}

function entryOf(line: string): MountinfoEntry | null {
  const fields = fieldsOf(line);
  const dash = fields.indexOf('-', 6);
  if (dash < 0 || fields.length < dash + 3) return null;
  const [id, parent, device, root, mountPoint, options] = fields;
  const mountId = toInt(id);
  const parentId = toInt(parent);
  const [major, minor] = (/^\d+:\d+$/.test(device) ? device.split(':') : []).map(toInt);
  if (mountId === null || parentId === null || major == null || minor == null) return null;
  return {
    mountId, parentId, major, minor, root: decodeOctalEscapes(root), mountPoint: decodeOctalEscapes(mountPoint),
    options, optionalFields: fields.slice(6, dash), fsType: fields[dash + 1],
    source: decodeOctalEscapes(fields[dash + 2]), superOptions: fields[dash + 3] ?? '',
  };
}

export const mountinfo = defineParser<MountinfoFacts>({
  name: 'mountinfo',
  sources: ['proc-mountinfo'],
  description: `/proc/self/mountinfo (kernels 2.6.26+): major:minor to mount point.`,
  parse(text) {
    const mounts = linesOf(text).map(entryOf).filter((e): e is MountinfoEntry => e !== null);
    if (mounts.length === 0) return unparsed("no 'ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS … - TYPE SOURCE' line", text);
    return { mounts };
  },
});
