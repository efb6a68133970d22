// Collects every probe of one host over one transport: samplers first and together, the rest beside.
import { MANIFEST_SCHEMA, type Manifest, type ManifestProbe } from '../archive/types.js';
import { PROBES } from '../probes/index.js';
import type { Probe } from '../probes/types.js';
import type { Transport } from '../transport/types.js';
import { askHostname, hostnameFromUname } from './hostname.js';
import { mapLimit } from './pool.js';
import { runProbe } from './run-probe.js';
import { TOOL_VERSION } from './version.js';

/**
 * Channels open at once on the one connection. OpenSSH's MaxSessions defaults to 10; 6 leaves
 * room for the samplers (which hold theirs for the whole window) and for another client.
 */
export const DEFAULT_CHANNELS = 6;

export interface CollectOptions {
  /** Run needsRoot probes through `sudo -n`. */
  sudo?: boolean;
  /** The catalogue to run (default: PROBES). Tests add a hanging probe here. */
  probes?: readonly Probe[];
  /** Commands in flight at once, samplers included (default 6). */
  channels?: number;
  transport: Manifest['transport'];
}

export interface Collection {
  manifest: Manifest;
  /** stdout of each probe that gave any, by probe id (raw/ID.txt). */
  outputs: Map<string, Buffer>;
}

/** Samplers first, longest window first, so they overlap; then the catalogue order. */
export function runOrder(probes: readonly Probe[]): Probe[] {
  const samplers = probes.filter((p) => p.sampleSeconds).sort((a, b) => (b.sampleSeconds ?? 0) - (a.sampleSeconds ?? 0));
  return [...samplers, ...probes.filter((p) => !p.sampleSeconds)];
}

/**
 * A missing tool, a denial or a timeout is recorded in the probe's entry and the rest goes on;
 * a transport failure rejects with a TransportError naming the host and the probe.
 */
export async function collectHost(transport: Transport, options: CollectOptions): Promise<Collection> {
  const probes = options.probes ?? PROBES;
  const startedAt = new Date().toISOString();
  const sudo = options.sudo ?? false;
  // Asked beside the probes (one short command), and handled at once: a lost connection is
  // reported by the probes, not by this.
  const askedName = askHostname(transport).catch(() => null);
  const outcomes = await mapLimit(runOrder(probes), options.channels ?? DEFAULT_CHANNELS, (probe) =>
    runProbe(transport, probe, { sudo }),
  );
  const outputs = new Map<string, Buffer>();
  const entries = new Map<string, ManifestProbe>();
  for (const { entry, stdout } of outcomes) {
    entries.set(entry.id, entry);
    if (stdout.length > 0) outputs.set(entry.id, stdout);
  }
  const uname = outputs.get('uname');
  const hostname = (await askedName) ?? ((uname && hostnameFromUname(uname.toString('utf8'))) || null);
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    tool: { name: 'hostsnap', version: TOOL_VERSION },
    target: transport.target,
    hostname,
    transport: options.transport,
    sudo,
    startedAt,
    endedAt: new Date().toISOString(),
    probes: probes.map((p) => entries.get(p.id)).filter((e): e is ManifestProbe => e !== undefined),
  };
  return { manifest, outputs };
}
