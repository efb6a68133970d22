// The per-probe design, redone with OpenSSH's own client as an independent oracle: one `ssh`
// session per way, the fallback rule applied between them. Tests compare the collector to it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { waysOf, wayName } from '../../src/probes/script.js';
import type { Probe } from '../../src/probes/types.js';
import { wrapCommand } from '../../src/transport/shell.js';
import type { SshdHost } from './sshd.js';

export interface OracleResult {
  via: string;
  /** exit status of each way tried, in order (null: killed by a signal) */
  statuses: Array<number | null>;
  stdout: Buffer;
}

/**
 * One master connection (ControlMaster) carries every way's session, as the per-probe design's
 * channels shared one connection; close() ends the master (`ssh -O exit`).
 */
export function openSshOracle(host: SshdHost): { run(probe: Probe): OracleResult; close(): void } {
  const control = ['-F', host.sshConfigFile, '-o', 'BatchMode=yes', '-o', 'ControlMaster=auto',
    '-o', `ControlPath=${join(host.dir, 'cm-%C')}`, '-o', 'ControlPersist=60'];
  return {
    run: (probe) => perProbe(control, host.alias, probe),
    close: () => {
      spawnSync('ssh', [...control, '-O', 'exit', host.alias], { stdio: 'ignore', timeout: 10_000 });
    },
  };
}

function perProbe(control: string[], alias: string, probe: Probe): OracleResult {
  const ways = waysOf(probe);
  const statuses: Array<number | null> = [];
  let stdout = Buffer.alloc(0);
  for (let i = 0; i < ways.length; i++) {
    const run = spawnSync('ssh', [...control, '-T', alias, wrapCommand(ways[i].run, {})], {
      input: '', timeout: 60_000, maxBuffer: probe.maxBytes * 2,
    });
    statuses.push(run.status);
    stdout = run.stdout ?? Buffer.alloc(0);
    if (!(stdout.length === 0 && run.status !== 0)) return { via: wayName(i), statuses, stdout };
  }
  return { via: wayName(ways.length - 1), statuses, stdout };
}
