// The built CLI as a user runs it for the attach tests, with a config file written 0600 in a scratch HOME.
import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../helpers/paths.js';

export interface Run { code: number; stdout: string; stderr: string }

/** HOME is `home` (never the real ~/.config/hostsnap); HOSTSNAP_* of this shell are dropped, `env` added. */
export function hostsnap(args: string[], home: string, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HOSTSNAP_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [repoPath('bin', 'hostsnap.js'), ...args], { cwd: repoPath(), env: { ...base, HOME: home, SSH_AUTH_SOCK: '', ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }));
  });
}

/** config.yaml in `dir`, mode 0600 as hostsnap demands; returns its path. */
export function writeConfig(dir: string, yaml: string, mode = 0o600): string {
  const path = join(dir, `config-${readdirSync(dir).length}.yaml`);
  writeFileSync(path, yaml, { mode });
  return path;
}

/** The files of one snapshot in `out`, by extension: { md, html, json, archive }. */
export function writtenFiles(out: string): { md: string; html: string; json: string; archive: string; all: string[] } {
  // A collect's fleet index (index.*) sits beside the host's files: not one of them.
  const names = readdirSync(out).filter((n) => !n.startsWith('.') && !n.startsWith('index.'));
  const pick = (suffix: string): string => {
    const found = names.filter((n) => n.endsWith(suffix));
    if (found.length !== 1) throw new Error(`expected one *${suffix} in ${out}, found ${found.join(', ') || 'none'}`);
    return join(out, found[0]);
  };
  const files = { md: pick('.md'), html: pick('.html'), json: pick('.json'), archive: pick('.tar.gz') };
  return { ...files, all: [files.md, files.html, files.json, files.archive] };
}
