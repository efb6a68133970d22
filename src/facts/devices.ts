// Block device numbers (MAJ:MIN) to words: the mount that uses them, else what the major means.
import type { Facts } from './types.js';

// Documentation/admin-guide/devices.txt: the majors a writeback thread is commonly named after.
const MAJORS: Record<number, string> = {
  0: 'an anonymous device (major 0: NFS, CIFS, FUSE, a btrfs subvolume, tmpfs… have no block device of their own)',
  3: 'an IDE disk (hda)',
  7: 'a loop device',
  8: 'a SCSI/SATA/USB disk (sd*)',
  9: 'a software RAID (md)',
  202: 'a Xen virtual block device (xvd*)',
  252: 'a virtio or device-mapper disk (vd*/dm-*)',
  253: 'a device-mapper volume (LVM, dm-crypt) or virtio disk',
  254: 'a device-mapper volume (LVM, dm-crypt) or virtio disk',
  259: 'an NVMe or other extended-minor disk',
};

export interface DeviceName {
  /** "0:17" */
  id: string;
  /** "/home (nfs4 server:/export)" when mountinfo knows it, else null. */
  mount: string | null;
  /** What the major number alone says. */
  kind: string;
}

export function nameDevice(facts: Facts, major: number, minor: number): DeviceName {
  const m = facts.parsed.mountinfo?.mounts.find((e) => e.major === major && e.minor === minor);
  return {
    id: `${major}:${minor}`,
    mount: m ? `${m.mountPoint} (${m.fsType} ${m.source})` : null,
    kind: MAJORS[major] ?? `a block device of major ${major}`,
  };
}
