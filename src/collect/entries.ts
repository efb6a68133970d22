// From the collector's frames to the manifest's per-probe entries and the raw outputs they keep.
import { constants } from 'node:os';
import type { ManifestProbe } from '../archive/types.js';
import { wayName, waysOf } from '../probes/script.js';
import type { Probe } from '../probes/types.js';
import { classifyFailure } from '../transport/result.js';
import type { CommandResult } from '../transport/types.js';
import type { CollectorOutput, WayFrame } from './frames.js';

/** A shell reports a child killed by signal N as status 128+N (SIGPIPE 141, SIGKILL 137). */
function signalOf(status: number): string | null {
  if (status <= 128) return null;
  const name = Object.entries(constants.signals).find(([, n]) => n === status - 128)?.[0];
  return name ?? null;
}

/** stderr kept per way in the manifest. */
const STDERR_BYTES = 4096;

const note = (stderr: string, text: string): string => `${stderr}${stderr === '' || stderr.endsWith('\n') ? '' : '\n'}[hostsnap: ${text}]\n`;

interface Clock {
  /** When the collection started (the controller's clock). */
  started: Date;
  /** /proc/uptime centiseconds when the script started. */
  helloT: number;
}

/** One way's frame as the CommandResult the manifest has always recorded. */
export function resultOfWay(probe: Probe, frame: WayFrame, clock: Clock): { result: CommandResult; stdout: Buffer } {
  const index = frame.way === 'primary' ? 0 : Number(frame.way.replace('fallback:', ''));
  const command = waysOf(probe)[index]?.run ?? frame.way;
  const truncated = frame.stdout.length > probe.maxBytes;
  const stdout = truncated ? frame.stdout.subarray(0, probe.maxBytes) : frame.stdout;
  // ulimit -f lets a flood write its cap and a little more to stderr too: keep what a person reads.
  let stderr = frame.stderr.subarray(0, STDERR_BYTES).toString('utf8');
  let exitCode: number | null = null;
  let signal: string | null = null;
  if (frame.skipped) stderr = note(stderr, "not started: the snapshot's deadline had passed");
  else if (frame.timedOut) {
    signal = 'SIGKILL';
    stderr = note(stderr, frame.stuck
      ? `killed at its timeout of ${probe.timeoutMs / 1000} s but still in D state (uninterruptible sleep, which SIGKILL cannot end): left behind on the host, the collector went on`
      : `killed at its timeout of ${probe.timeoutMs / 1000} s, with its children`);
  } else if (frame.rc === null) {
    stderr = note(stderr, 'no exit status');
  } else {
    signal = signalOf(frame.rc);
    exitCode = signal === null ? frame.rc : null;
    // Past the cap the host refuses the way's writes (ulimit -f): the program sees EFBIG
    // ("File too large") and usually exits non-zero. The output up to the cap is good data.
    if (truncated && frame.rc !== 0) stderr = note(stderr, `output cut at the cap of ${probe.maxBytes} bytes: writes past it failed (ulimit -f), which ended the command`);
  }
  const { notFound, denied } = classifyFailure(exitCode, stdout.length, stderr);
  const result: CommandResult = {
    sourceId: probe.id,
    command,
    exitCode,
    signal,
    timedOut: frame.timedOut || frame.skipped,
    truncated,
    notFound: notFound && !frame.skipped,
    denied,
    startedAt: new Date(clock.started.getTime() + (frame.t0 - clock.helloT) * 10).toISOString(),
    durationMs: (frame.t1 - frame.t0) * 10,
    bytes: stdout.length,
    stderr,
  };
  return { result, stdout };
}

/** The entry of a probe the collector never reported on (stopped, or ended early). */
function missingResult(probe: Probe, why: string, clock: Clock): CommandResult {
  return {
    sourceId: probe.id, command: probe.command.run, exitCode: null, signal: null, timedOut: true, truncated: false,
    notFound: false, denied: false, startedAt: clock.started.toISOString(), durationMs: 0, bytes: 0, stderr: note('', why),
  };
}

/** Entries in catalogue order, with the stdout of the way that counts (the last one tried). */
export function probeEntries(
  probes: readonly Probe[],
  frames: CollectorOutput,
  context: { started: Date; stopped: boolean; lost?: string | null },
): { entries: ManifestProbe[]; outputs: Map<string, Buffer> } {
  const clock = { started: context.started, helloT: frames.hello?.t ?? 0 };
  const outputs = new Map<string, Buffer>();
  const entries = probes.map((probe): ManifestProbe => {
    const ways = frames.ways.filter((w) => w.id === probe.id);
    if (ways.length === 0) {
      const running = frames.inFlight?.id === probe.id || frames.background.includes(probe.id);
      const why = context.lost
        ? (running ? `running when the ${context.lost}` : `not received: ${context.lost}`)
        : running && context.stopped ? 'running when the collector was stopped at the snapshot\'s hard deadline'
        : context.stopped ? 'not reported: the collector was stopped at the snapshot\'s hard deadline' : 'not reported: the collector ended without running it';
      const entry: ManifestProbe = { id: probe.id, command: probe.command.run, via: wayName(0), attempts: [missingResult(probe, why, clock)], file: null };
      if (probe.coveredBy !== undefined) entry.coveredBy = probe.coveredBy;
      return entry;
    }
    const results = ways.map((frame) => resultOfWay(probe, frame, clock));
    const last = results[results.length - 1];
    const entry: ManifestProbe = {
      id: probe.id,
      command: last.result.command,
      via: ways[ways.length - 1].way,
      attempts: results.map((r) => r.result),
      file: last.stdout.length > 0 ? `raw/${probe.id}.txt` : null,
    };
    if (last.stdout.length > 0) outputs.set(probe.id, last.stdout);
    else if (probe.coveredBy !== undefined) entry.coveredBy = probe.coveredBy;
    return entry;
  });
  return { entries, outputs };
}
