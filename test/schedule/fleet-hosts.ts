// Test fleets for schedule: real sshd hosts, one client key, a HOME with their known_hosts, an INI inventory.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../helpers/paths.js';
import { startSshd, type SshdHost, type StartSshdOptions } from '../helpers/sshd.js';

export interface TestFleet {
  hosts: SshdHost[];
  home: string;
  inventory: string;
  stop(): Promise<void>;
}

/** Hosts started one by one (bounded by `specs`); the first host's client key is authorized on all. */
export async function startFleet(home: string, specs: Array<StartSshdOptions & { alias: string }>): Promise<TestFleet> {
  const hosts: SshdHost[] = [];
  for (const spec of specs) hosts.push(await startSshd({ ...spec, clientKeyPath: hosts[0]?.clientKeyPath }));
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.ssh', 'known_hosts'), hosts.map((h) => readFileSync(h.knownHostsFile, 'utf8')).join(''));
  const inventory = join(home, 'hosts.ini');
  writeFileSync(inventory, [
    '[fleet]', ...hosts.map((h) => `${h.alias} ansible_host=${h.address} ansible_port=${h.port}`),
    '[all:vars]', `ansible_user=${hosts[0].user}`, `ansible_ssh_private_key_file=${hosts[0].clientKeyPath}`, '',
  ].join('\n'));
  return { hosts, home, inventory, stop: async () => { for (const h of hosts) await h.stop(); } };
}

/** `node bin/hostsnap.js ARGS` with HOME set and no agent; resolves when it exits. */
export function hostsnap(args: string[], home: string, timeoutMs = 240_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [repoPath('bin', 'hostsnap.js'), ...args], { env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '' }, timeout: timeoutMs, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }));
  });
}
