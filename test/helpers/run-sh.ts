// Runs a short shell script on a transport, the way the collector runs (one `sh -s` session).
import type { Transport } from '../../src/transport/types.js';

export async function runSh(transport: Transport, script: string): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  const run = await transport.runScript(script, { maxBytes: 1 << 20, sudo: false }).done;
  return { stdout: run.stdout.toString('utf8'), stderr: run.stderr, exitCode: run.exitCode };
}
