// Test fleet for --obfuscate: replay sshd hosts with their own UTS names, an inventory naming them
// otherwise, real users running real processes, and the files a run wrote, archives unpacked.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startReplayHost, type ReplayHost } from '../helpers/replay-host.js';
import { ensurePackages } from '../helpers/sshd.js';

/** A real account (made if missing, removed by the caller); returns its uid and gid. */
export function ensureUser(name: string): { uid: number; gid: number } {
  ensurePackages({ '/usr/sbin/useradd': 'passwd' });
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', name], { stdio: 'ignore' });
  }
  const id = (flag: string): number => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export function removeUser(name: string): void {
  try {
    execFileSync('userdel', [name], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

/**
 * `sleep 600` as the user, its argv[0] set to `arg0`: ps shows the user and `ARG0 600`. One
 * process (no shell in between, whose death would orphan the sleep), stopped by its pid.
 */
export function runAs(user: { uid: number; gid: number }, arg0: string): Promise<ChildProcess> {
  const child = spawn('sleep', ['600'], { argv0: arg0, uid: user.uid, gid: user.gid, stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve(child));
  });
}

export interface FleetHost {
  /** The inventory's name for it. */
  name: string;
  host: ReplayHost;
}

/** Hosts on 127.0.13.N whose uname -n is `uts`, each named `name` in the inventory. */
export async function startFleet(hosts: Array<{ name: string; uts: string; address: string }>): Promise<FleetHost[]> {
  const started: FleetHost[] = [];
  for (const h of hosts) started.push({ name: h.name, host: await startReplayHost({ hostname: h.uts, sshd: { address: h.address } }) });
  return started;
}

/** An Ansible INI inventory and a HOME whose known_hosts knows every host. */
export function writeInventory(dir: string, fleet: FleetHost[]): { inventory: string; home: string } {
  const home = join(dir, 'home');
  execFileSync('mkdir', ['-p', '-m', '700', join(home, '.ssh')]);
  writeFileSync(join(home, '.ssh', 'known_hosts'), fleet.map((f) => readFileSync(f.host.knownHostsFile, 'utf8')).join(''));
  const inventory = join(dir, 'hosts.ini');
  writeFileSync(inventory, ['[birds]', ...fleet.map(({ name, host }) =>
    `${name} ansible_host=${host.address} ansible_port=${host.port} ansible_user=${host.user} ansible_ssh_private_key_file=${host.clientKeyPath}`), ''].join('\n'));
  return { inventory, home };
}

/** Every file under `dir` by its path relative to it, .tar.gz gunzipped (tar keeps members as they are). */
export function writtenFiles(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      for (const [k, v] of writtenFiles(path, `${prefix}${name}/`)) files.set(k, v);
      continue;
    }
    const data = readFileSync(path);
    files.set(`${prefix}${name}`, name.endsWith('.gz') ? gunzipSync(data) : data);
  }
  return files;
}
