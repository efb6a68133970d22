// Collects every probe of one host in one session: the collector script (probes/script.ts) runs
// them all on the host; its frames (frames.ts) become the manifest and the raw outputs.
import { MANIFEST_SCHEMA, type Manifest } from '../archive/types.js';
import { TransportError } from '../errors.js';
import { PROBES } from '../probes/index.js';
import { collectorScript, DEADLINE_SECONDS, newMarker, waysOf } from '../probes/script.js';
import type { Probe } from '../probes/types.js';
import type { Transport } from '../transport/types.js';
import { hostnameFromProc, hostnameFromUname } from './hostname.js';
import { readFrames, type CollectorOutput } from './frames.js';
import { probeEntries } from './entries.js';
import { cutReason, partialRecord } from './partial.js';
import { TOOL_VERSION } from './version.js';

export interface CollectOptions {
  /** Run needsRoot probes through `sudo -n`. */
  sudo?: boolean;
  /** The catalogue to run (default: PROBES). Tests add a hanging probe here. */
  probes?: readonly Probe[];
  /** No new way starts on the host after this (default DEADLINE_SECONDS). */
  deadlineSeconds?: number;
  /** When the controller stops a collector that is still running (default hardDeadlineMs()). */
  stopAfterMs?: number;
  transport: Manifest['transport'];
  /**
   * Told the probe ids whose frames have arrived whole so far, and the probe whose begin has arrived
   * but not its end (null: none), read every 100 ms while running: what a lost connection would name.
   */
  onArrived?: (ids: string[], running: string | null) => void;
}

export interface Collection {
  manifest: Manifest;
  /** stdout of each probe that gave any, by probe id (raw/ID.txt). */
  outputs: Map<string, Buffer>;
}

/** Room for the frames around the probes' own caps. */
const FRAMING_BYTES = 1 << 20;
// Past the script's own deadline, one way may still be running to its timeout, then the frames
// are written: after this much more the controller stops the collector itself.
const STOP_MARGIN_MS = 15_000;

/** The hard deadline of a collection: the script's deadline, the longest way, and a margin. */
export function hardDeadlineMs(probes: readonly Probe[], deadlineSeconds: number): number {
  return deadlineSeconds * 1000 + Math.max(0, ...probes.map((p) => p.timeoutMs)) + STOP_MARGIN_MS;
}

const stoppedReason = (ms: number): string =>
  `stopped at the snapshot's hard deadline (${Math.round(ms / 1000)} s), session and connection closed, nothing written`;

/**
 * A missing tool, a denial or a timeout is recorded in the probe's entry and the rest goes on;
 * a lost connection rejects with a TransportError naming the host and the probe it was running.
 */
export async function collectHost(transport: Transport, options: CollectOptions): Promise<Collection> {
  const probes = options.probes ?? PROBES;
  const started = new Date();
  const sudo = options.sudo ?? false;
  const marker = newMarker();
  const deadlineSeconds = options.deadlineSeconds ?? DEADLINE_SECONDS;
  const script = collectorScript(probes, { marker, sudo, deadlineSeconds });
  // stdout and stderr of a way may each reach its cap plus a ulimit block or two.
  const maxBytes = probes.reduce((sum, p) => sum + waysOf(p).length * 2 * (p.maxBytes + 2048), FRAMING_BYTES);
  const run = transport.runScript(script, { maxBytes, sudo });
  let stopped = false;
  const stopAfterMs = options.stopAfterMs ?? hardDeadlineMs(probes, deadlineSeconds);
  const timer = setTimeout(() => {
    stopped = true;
    void run.stop(readFrames(run.received(), marker).hello?.pid ?? null);
  }, stopAfterMs);
  const watch = options.onArrived === undefined ? null : setInterval(() => {
    const seen = readFrames(run.received(), marker);
    options.onArrived!(seen.ways.map((w) => w.id), seen.inFlight?.id ?? null);
  }, 100);
  let frames: CollectorOutput;
  let shellStderr: string;
  let lost = false;
  try {
    const result = await run.done;
    frames = readFrames(result.stdout, marker);
    shellStderr = result.stderr;
  } catch (error) {
    // A lost connection: the frames that arrived whole are kept (the collector sends each one
    // as its way ends) and the host is partial; with none, name the probe it was running.
    const seen = readFrames(run.received(), marker);
    if (seen.hello !== null && seen.fatal === null && seen.ways.length > 0) {
      frames = seen;
      shellStderr = '';
      lost = true;
    } else {
      const running = seen.inFlight?.id ?? seen.background[0];
      const where = running !== undefined ? `probe ${running}` : seen.hello ? 'collector' : 'collector start';
      const reason = error instanceof Error ? error.message.replace(`${transport.target}: `, '') : String(error);
      if (stopped) throw new TransportError(transport.target, `${where}: ${stoppedReason(stopAfterMs)} (${reason})`, { cause: error });
      throw new TransportError(transport.target, `${where}: ${reason}`, { cause: error });
    }
  } finally {
    clearTimeout(timer);
    if (watch !== null) clearInterval(watch);
  }
  if (frames.hello === null && stopped) {
    const said = shellStderr.trim().split('\n').slice(-3).join(' | ');
    throw new TransportError(transport.target, `the collector never started: ${stoppedReason(stopAfterMs)}; the login did not run it (a blocking rc file, PAM module or ForceCommand?)${said ? `; the shell said: ${said}` : ''}`);
  }
  if (frames.hello === null || frames.fatal !== null) {
    const said = frames.fatal ?? (shellStderr.trim().split('\n').slice(-3).join(' | ') || 'nothing on stdout or stderr');
    throw new TransportError(transport.target, `the collector did not start: ${said}`);
  }
  const cut = cutReason(frames, { stopped, lost, seconds: Math.round((Date.now() - started.getTime()) / 1000) });
  const { entries, outputs } = probeEntries(probes, frames, { started, stopped, lost: lost ? cut : null });
  const uname = outputs.get('uname');
  const hostname = hostnameFromProc(frames.hello.host) ?? ((uname && hostnameFromUname(uname.toString('utf8'))) || null);
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    tool: { name: 'hostsnap', version: TOOL_VERSION },
    target: transport.target,
    hostname,
    transport: options.transport,
    sudo,
    startedAt: started.toISOString(),
    endedAt: new Date().toISOString(),
    sessions: transport.sessions,
    collector: {
      scratch: frames.hello.scratch,
      scratchRemoved: frames.bye?.removed ?? false,
      stopped,
      ...(frames.noise.trim() === '' && shellStderr.trim() === '' ? {} : { shellOutput: `${frames.noise}${shellStderr}`.slice(0, 4096) }),
    },
    locale: frames.locale,
    probes: entries,
    ...(cut === null ? {} : { partial: partialRecord(probes, frames, cut) }),
  };
  return { manifest, outputs };
}
