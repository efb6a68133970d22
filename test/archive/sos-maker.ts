// Real sosreports for the tests: Debian's sos 4.0 run on this machine, or inside a replay host's namespaces.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { shellQuote } from '../../src/transport/shell.js';
import { repoPath } from '../helpers/paths.js';

const run = promisify(execFile);

/** The plugins that hold what hostsnap reads (memory, kernel, process, logs), as issue 14 ran sos. */
export const SOS_PLUGINS = 'memory,kernel,process,logs';

/** Installs Debian's sosreport (sos 4.0 on Debian 12) when it is missing: the machines run as root. */
export function ensureSos(): void {
  const missing = ['sos', 'xz', 'bzip2', 'gzip', 'tar', 'unshare', 'setarch'].filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  const packages = missing.map((t) => ({ sos: 'sosreport', xz: 'xz-utils', bzip2: 'bzip2', gzip: 'gzip', tar: 'tar' })[t as 'sos'] ?? 'util-linux');
  execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-qq', '--no-install-recommends', ...new Set(packages)], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 300_000 });
}

/** The one file sos wrote into `dir` (sosreport-HOST-DATE-ID.tar.xz|gz), besides its .md5. */
function tarballIn(dir: string): string {
  const found = readdirSync(dir).filter((n) => /^sosreport-.*\.tar\.(xz|gz)$/.test(n));
  if (found.length !== 1) throw new Error(`expected one sosreport in ${dir}, found ${found.join(', ') || 'none'}`);
  return join(dir, found[0]);
}

function soscommand(outDir: string, compression: 'xz' | 'gzip'): string[] {
  return ['sos', 'report', '--batch', '-o', SOS_PLUGINS, '--tmp-dir', outDir, '-z', compression];
}

/** sos report on this machine as it is. Returns the tarball's path. */
export async function makeSosreport(outDir: string, compression: 'xz' | 'gzip'): Promise<string> {
  const [cmd, ...args] = soscommand(outDir, compression);
  await run(cmd, args, { timeout: 180_000 });
  return tarballIn(outDir);
}

/**
 * sos report on a replay host: in new UTS and mount namespaces, the case's hostname, its recorded
 * /proc files bind-mounted over the real ones, its logs on a tmpfs /var/log, dmesg and
 * journalctl replaced by /bin/false (so this machine's own kernel log stays out), under
 * `setarch ARCH`. sos then copies the recorded incident through its own plugins, as it would
 * on the host that had it. Nothing outside the namespaces changes.
 */
export async function makeReplaySosreport(caseName: string, outDir: string, compression: 'xz' | 'gzip'): Promise<string> {
  const caseDir = repoPath('test', 'fixtures', 'replay', caseName);
  const caseFile = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) as { hostname?: string; arch?: string };
  const script = ['set -e'];
  if (caseFile.hostname) script.push(`printf %s ${shellQuote(caseFile.hostname)} > /proc/sys/kernel/hostname`);
  for (const name of readdirSync(join(caseDir, 'proc'))) script.push(`mount --bind ${shellQuote(join(caseDir, 'proc', name))} /proc/${shellQuote(name)}`);
  if (existsSync(join(caseDir, 'log'))) {
    script.push('mount -t tmpfs -o mode=0755 tmpfs /var/log');
    for (const name of readdirSync(join(caseDir, 'log'))) script.push(`cp ${shellQuote(join(caseDir, 'log', name))} /var/log/${shellQuote(name)}`);
  }
  for (const tool of ['dmesg', 'journalctl']) script.push(`p=$(command -v ${tool} || true); [ -z "$p" ] || mount --bind /bin/false "$p"`);
  const sos = soscommand(outDir, compression).map(shellQuote).join(' ');
  script.push(caseFile.arch ? `exec setarch ${shellQuote(caseFile.arch)} ${sos}` : `exec ${sos}`);
  await run('unshare', ['--uts', '--mount', '--propagation', 'private', 'sh', '-c', script.join('\n')], { timeout: 180_000 });
  return tarballIn(outDir);
}
