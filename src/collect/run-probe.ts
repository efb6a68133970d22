// Runs one probe on a transport: its command, then its fallbacks in order while a way gives nothing.
import { TransportError } from '../errors.js';
import type { ManifestProbe } from '../archive/types.js';
import type { Probe, ProbeCommand } from '../probes/types.js';
import type { CommandResult, Transport } from '../transport/types.js';

export interface ProbeOutcome {
  entry: ManifestProbe;
  /** stdout of the way that counts; empty when every way failed. */
  stdout: Buffer;
}

/**
 * The next way is tried only when this one gave no output and was missing, refused or failed
 * (exit ≠ 0, killed, timed out). Output with a failure is kept: procps sysctl exits 1 on one
 * unreadable key and prints every other; a timed-out sampler keeps the samples it printed.
 */
export function gaveNothing(result: CommandResult, tty = false): boolean {
  const failed = result.notFound || result.denied || result.timedOut || result.signal !== null || result.exitCode !== 0;
  return (result.bytes === 0 || onlyAnError(result, tty)) && failed;
}

/**
 * On a pty stderr is merged into stdout: a refused or missing tool's complaint ("slabtop: Unable
 * to create slabinfo structure: Permission denied") arrives as output. It is no data (the attempt
 * keeps the text in its stderr); without a pty, output beside a failure is real data.
 */
function onlyAnError(result: CommandResult, tty: boolean): boolean {
  return tty && result.exitCode !== 0 && (result.denied || result.notFound);
}

/** The error's words without a leading `host: ` (a TransportError names its host already). */
export function reasonOf(error: unknown, host: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(`${host}: `) ? message.slice(host.length + 2) : message;
}

/** The ways of a probe in order: its command, then its fallbacks. */
export function waysOf(probe: Probe): ProbeCommand[] {
  return [probe.command, ...(probe.fallbacks ?? [])];
}

export async function runProbe(transport: Transport, probe: Probe, options: { sudo: boolean }): Promise<ProbeOutcome> {
  const ways = waysOf(probe);
  const attempts: CommandResult[] = [];
  let stdout: Buffer = Buffer.alloc(0);
  let used = 0;
  for (let i = 0; i < ways.length; i++) {
    used = i;
    const output = await transport
      .exec(ways[i].run, {
        sourceId: probe.id,
        timeoutMs: probe.timeoutMs,
        maxBytes: probe.maxBytes,
        tty: probe.tty,
        // --sudo only for what needs it: everything else runs as the login user.
        sudo: options.sudo && probe.needsRoot === true,
      })
      .catch((error: unknown) => {
        throw new TransportError(transport.target, `probe ${probe.id}: ${reasonOf(error, transport.target)}`, { cause: error });
      });
    // A lost connection is the transport's to tell (it throws, caught above): a result here is
    // data, even one without an exit status (a live sshd sometimes closes a channel without one).
    attempts.push(output.result);
    const nothing = gaveNothing(output.result, probe.tty === true);
    stdout = nothing ? Buffer.alloc(0) : output.stdout;
    if (!nothing) break;
  }
  const entry: ManifestProbe = {
    id: probe.id,
    command: ways[used].run,
    via: used === 0 ? 'primary' : `fallback:${used}`,
    attempts,
    file: stdout.length > 0 ? `raw/${probe.id}.txt` : null,
  };
  if (stdout.length === 0 && probe.coveredBy !== undefined) entry.coveredBy = probe.coveredBy;
  return { entry, stdout };
}
