// The host combiner: who the host is, from several sources in a written order of trust.
import type { Manifest } from '../archive/types.js';
import type { FactsOf } from '../parsers/index.js';
import type { OomEvent } from '../parsers/kernlog-types.js';
import { bitsOfMachine } from '../parsers/uname.js';
import { isHighMem } from './oom.js';
import type { HostFacts } from './types.js';

/** Who the host is, as far as its kernel log tells (KernlogFacts.hostname and kernelRelease). */
export interface KernlogHostHints {
  name: string | null;
  kernel: string | null;
}

export interface HostInputs {
  uname?: FactsOf<'uname'>;
  osrelease?: FactsOf<'osrelease'>;
  nproc?: FactsOf<'nproc'>;
  uptime?: FactsOf<'uptime'>;
  pidstat?: FactsOf<'pidstat'>;
  manifest: Manifest | null;
  kernlog: KernlogHostHints;
  oomEvents: OomEvent[];
}

/** sysstat prints the machine as "_i686_" / "_x86_64_"; keep the bare name. */
function bareArch(arch: string | null | undefined): string | null {
  if (!arch) return null;
  const bare = arch.replace(/^_+|_+$/g, '');
  return bare === '' ? null : bare;
}

/** 32 or 64 from an arch name another source printed (the pidstat banner's _i686_…). */
function bitsOfArch(arch: string | null): 32 | 64 | null {
  return arch ? bitsOfMachine(arch) : null;
}

/**
 * Order of trust, per field: uname (the host's own answer), then the manifest, then the pidstat
 * banner (sysstat prints kernel, host and arch: the only host identity a 2011 paste has), then the
 * kernel log. bits falls back on the OOM dump: only 32-bit kernels have a HighMem zone.
 */
export function combineHost(inputs: HostInputs): HostFacts {
  const { uname, osrelease, nproc, uptime, pidstat, manifest, kernlog, oomEvents } = inputs;
  const banner = pidstat?.header ?? null;
  const arch = uname?.machine ?? bareArch(banner?.arch);
  const highMemSeen = oomEvents.some((e) => e.zones.some((z) => isHighMem(z.name)));
  return {
    name: uname?.nodename ?? manifest?.hostname ?? banner?.host ?? kernlog.name ?? null,
    kernel: uname?.release ?? banner?.kernel ?? kernlog.kernel ?? null,
    arch,
    bits: uname?.bits ?? bitsOfArch(arch) ?? (highMemSeen ? 32 : null),
    os: osrelease?.prettyName ?? null,
    cpus: nproc?.cpus ?? banner?.cpus ?? null,
    uptimeSeconds: uptime?.uptimeSeconds ?? null,
  };
}
