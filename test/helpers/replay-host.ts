// Replay hosts: a real sshd in its own UTS and mount namespaces that serves recorded files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { shellQuote } from '../../src/transport/shell.js';
import { repoPath } from './paths.js';
import { startSshd, type SshdHost, type StartSshdOptions } from './sshd.js';

export interface ReplayHostOptions {
  /** A case folder test/fixtures/replay/<case>/: proc/* over /proc/*, log/* in /var/log, case.json. */
  case?: string;
  /** The host's name (written to /proc/sys/kernel/hostname: any bytes, up to 64). */
  hostname?: string;
  /** `setarch ARCH` for sshd and so its sessions: 'i686' makes `uname -m` say i686. */
  arch?: string;
  /** Commands made absent (overlayfs whiteouts in their bin folder): ['pidstat']. */
  hide?: string[];
  /** More /proc files: '/proc/meminfo' -> a recorded file. */
  procFiles?: Record<string, string>;
  /** More files for the host's /var/log (a tmpfs holding only these): 'kern.log' -> file. */
  logFiles?: Record<string, string>;
  /** Passed on to startSshd (address, extraConfig…); `wrap` is the replay's own. */
  sshd?: Omit<StartSshdOptions, 'wrap'>;
}

export interface ReplayHost extends SshdHost {
  /** What this host replays, as resolved from the case and the options. */
  replay: { hostname: string | null; arch: string | null; hidden: string[]; procFiles: Record<string, string>; logFiles: Record<string, string> };
}

interface CaseFile {
  hostname?: string;
  arch?: string;
  hide?: string[];
}

function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Resolves a case folder and the options into one description (options win). */
function describe(options: ReplayHostOptions): ReplayHost['replay'] {
  const caseDir = options.case ? repoPath('test', 'fixtures', 'replay', options.case) : null;
  if (caseDir && !existsSync(caseDir)) throw new Error(`no replay case ${caseDir}`);
  const caseFile: CaseFile = caseDir && existsSync(join(caseDir, 'case.json')) ? JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) : {};
  const procFiles: Record<string, string> = {};
  const logFiles: Record<string, string> = {};
  if (caseDir) {
    for (const name of filesIn(join(caseDir, 'proc'))) procFiles[`/proc/${name}`] = join(caseDir, 'proc', name);
    for (const name of filesIn(join(caseDir, 'log'))) logFiles[name] = join(caseDir, 'log', name);
  }
  return {
    hostname: options.hostname ?? caseFile.hostname ?? null,
    arch: options.arch ?? caseFile.arch ?? null,
    hidden: [...new Set([...(caseFile.hide ?? []), ...(options.hide ?? [])])],
    procFiles: { ...procFiles, ...options.procFiles },
    logFiles: { ...logFiles, ...options.logFiles },
  };
}

/** Whiteouts (char device 0:0) in one lower layer per bin folder: the commands vanish, exit 127. */
function hideScript(hidden: string[], scratch: string): string[] {
  const byDir = new Map<string, string[]>();
  for (const name of hidden) {
    const path = execFileSync('sh', ['-c', `command -v ${shellQuote(name)} || true`], { encoding: 'utf8' }).trim();
    if (!path.startsWith('/')) continue; // not installed here: already absent
    byDir.set(dirname(path), [...(byDir.get(dirname(path)) ?? []), name]);
  }
  const lines: string[] = [];
  [...byDir].forEach(([dir, names], i) => {
    const layer = join(scratch, `whiteouts-${i}`);
    mkdirSync(layer);
    for (const name of names) execFileSync('mknod', [join(layer, name), 'c', '0', '0']);
    lines.push(`mount -t overlay overlay -o ${shellQuote(`lowerdir=${layer}:${dir}`)} ${shellQuote(dir)}`);
  });
  return lines;
}

/**
 * Starts sshd as `unshare --uts --mount --propagation private sh -c SCRIPT`, where SCRIPT sets
 * the hostname, bind-mounts the recorded /proc files, mounts a tmpfs over /var/log holding the
 * recorded logs, hides commands, then `exec setarch ARCH sshd …` (same pid: stop() kills sshd).
 * Nothing outside the new mount namespace changes. Needs root (the test machines run as root).
 */
export async function startReplayHost(options: ReplayHostOptions = {}): Promise<ReplayHost> {
  const replay = describe(options);
  const scratch = mkdtempSync(join(tmpdir(), 'hostsnap-replay-'));
  const script = ['set -e'];
  if (replay.hostname !== null) script.push(`printf %s ${shellQuote(replay.hostname)} > /proc/sys/kernel/hostname`);
  for (const [target, source] of Object.entries(replay.procFiles)) script.push(`mount --bind ${shellQuote(source)} ${shellQuote(target)}`);
  if (Object.keys(replay.logFiles).length > 0) {
    script.push('mount -t tmpfs -o mode=0755 tmpfs /var/log');
    for (const [name, source] of Object.entries(replay.logFiles)) script.push(`cp ${shellQuote(source)} ${shellQuote(`/var/log/${name}`)}`);
  }
  script.push(...hideScript(replay.hidden, scratch));
  script.push(replay.arch ? `exec setarch ${shellQuote(replay.arch)} "$@"` : 'exec "$@"');
  const wrap = (argv: string[]): string[] => ['unshare', '--uts', '--mount', '--propagation', 'private', 'sh', '-c', script.join('\n'), 'replay-host', ...argv];
  let host: SshdHost;
  try {
    host = await startSshd({ ...options.sshd, wrap });
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const stop = async (): Promise<void> => {
    await host.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
  return { ...host, stop, replay };
}
