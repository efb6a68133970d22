// The system around the kernel: distribution, CPUs, uptime, load and CPU pressure.
import { defineProbes, readFile, SMALL_FILE_BYTES } from './define.js';

export default defineProbes('system', [
  {
    id: 'nproc',
    description: 'Online CPUs.',
    run: 'nproc',
    // nproc is coreutils 8.1+ (2009); getconf is glibc's; busybox has neither.
    fallbacks: [
      { run: 'getconf _NPROCESSORS_ONLN', note: 'coreutils before 8.1' },
      { run: 'grep -c ^processor /proc/cpuinfo', note: 'no nproc or getconf (busybox)' },
    ],
  },
  {
    id: 'os-release',
    description: 'The distribution and its version.',
    read: '/etc/os-release',
    fallbacks: [
      readFile('/usr/lib/os-release', 'systemd hosts where /etc/os-release is absent'),
      readFile('/etc/redhat-release', 'RHEL/CentOS before 7 have no os-release'),
    ],
  },
  {
    id: 'proc-loadavg',
    description: 'Load averages over 1, 5 and 15 minutes, runnable/total tasks.',
    read: '/proc/loadavg',
    maxBytes: SMALL_FILE_BYTES,
  },
  {
    // PSI exists from 4.20 (CONFIG_PSI): on older kernels the file is missing and recorded so.
    id: 'proc-pressure-cpu',
    description: 'Share of time runnable tasks waited for a CPU (PSI, kernel 4.20+).',
    read: '/proc/pressure/cpu',
    maxBytes: SMALL_FILE_BYTES,
  },
  {
    id: 'uptime',
    description: 'Seconds since boot and idle seconds (/proc/uptime).',
    read: '/proc/uptime',
    maxBytes: SMALL_FILE_BYTES,
  },
]);
