// A busybox-only test host: a real sshd in its own mount namespace where /usr/bin, /usr/sbin and
// /usr/local hold nothing but busybox's applets (no procps, no sysstat, no coreutils, no bash).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../../src/transport/shell.js';
import { startSshd, type SshdHost, type StartSshdOptions } from './sshd.js';

const BUSYBOX = '/bin/busybox';

/**
 * Debian 12 merges /bin into /usr/bin, so bind-mounting folders over /usr/bin, /usr/sbin,
 * /usr/local/bin and /usr/local/sbin leaves busybox as the only tool set; the libraries in /usr/lib
 * stay. sshd itself is copied into the new /usr/sbin (it re-executes itself per connection), and
 * root's login shell /bin/bash is a two-line script that runs busybox's ash.
 */
export async function startBusyboxHost(options: Omit<StartSshdOptions, 'wrap'> = {}): Promise<SshdHost> {
  const scratch = mkdtempSync(join(tmpdir(), 'hostsnap-busybox-'));
  try {
    const bin = join(scratch, 'bin');
    const sbin = join(scratch, 'sbin');
    const empty = join(scratch, 'empty');
    for (const dir of [bin, sbin, empty]) mkdirSync(dir);
    copyFileSync(BUSYBOX, join(bin, 'busybox'));
    chmodSync(join(bin, 'busybox'), 0o755);
    const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => /^[\w.[-]+$/.test(a) && a !== 'busybox');
    for (const applet of applets) symlinkSync('busybox', join(bin, applet));
    writeFileSync(join(bin, 'bash'), '#!/usr/bin/busybox sh\nexec /usr/bin/busybox sh "$@"\n', { mode: 0o755 });
    copyFileSync('/usr/sbin/sshd', join(sbin, 'sshd'));
    chmodSync(join(sbin, 'sshd'), 0o755);
    const script = [
      'set -e',
      `mount --bind ${shellQuote(bin)} /usr/bin`,
      `mount --bind ${shellQuote(sbin)} /usr/sbin`,
      `mount --bind ${shellQuote(empty)} /usr/local/bin`,
      `mount --bind ${shellQuote(empty)} /usr/local/sbin`,
      'exec "$@"',
    ].join('\n');
    const wrap = (argv: string[]): string[] => ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'busybox-host', ...argv];
    const host = await startSshd({ ...options, wrap });
    const stop = async (): Promise<void> => {
      await host.stop();
      rmSync(scratch, { recursive: true, force: true });
    };
    return { ...host, stop };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}
