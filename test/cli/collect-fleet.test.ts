// `hostsnap collect` over 22 real sshd hosts from an Ansible INI inventory: failures named, failed.txt, rerun, an outlier.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { killStrays } from '../collect/strays.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { launchBrowser, watchPage } from '../helpers/browser.js';
import { mountOver } from '../helpers/mount-over.js';
import { repoPath } from '../helpers/paths.js';
import { newKey, startSshd, type SshdHost } from '../helpers/sshd.js';

const tempDir = tempDirs('hostsnap-fleet-');
const GOOD = 17;
/** The web host whose vm.swappiness differs from the other 16 of its group. */
const ODD_ONE = 'web07';
const SWAPPINESS = '/proc/sys/vm/swappiness';
/** Marks the hangs host's ForceCommand sleep (GNU sleep sums its arguments: a few microseconds more). */
const HANGS_TOKEN = `0.000${process.pid}s`;

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.5.200', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(args: string[], home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [repoPath('bin', 'hostsnap.js'), ...args], { env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '' }, timeout: 240_000, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }));
  });
}

describe('hostsnap collect --inventory (22 sshd hosts)', { timeout: 400_000 }, () => {
  const hosts: SshdHost[] = [];
  let home: string;
  let inventory: string;
  let downPort: number;
  let usualSwappiness: string;
  let oddSwappiness: string;
  before(async () => {
    // All test hosts share this machine's kernel, so a differing setting is made as LXCFS-style
    // containers make theirs: ODD_ONE's sshd runs in its own mount namespace where a file holding
    // another value is bind-mounted over /proc/sys/vm/swappiness. Its sessions' real `sysctl vm`
    // reads that file; nothing outside the namespace sees it.
    usualSwappiness = readFileSync(SWAPPINESS, 'utf8').trim();
    oddSwappiness = usualSwappiness === '17' ? '18' : '17';
    const wrap = mountOver(tempDir(), { [SWAPPINESS]: `${oddSwappiness}\n` });
    for (let i = 1; i <= GOOD; i++) {
      const alias = `web${String(i).padStart(2, '0')}`;
      hosts.push(await startSshd({ address: `127.0.5.${i}`, alias, ...(alias === ODD_ONE ? { wrap } : {}) }));
    }
    hosts.push(await startSshd({ address: '127.0.5.30', alias: 'changed' }));
    hosts.push(await startSshd({ address: '127.0.5.31', alias: 'refuses' }));
    // Authenticates, then the session never runs the collector.
    hosts.push(await startSshd({ address: '127.0.5.32', alias: 'hangs', extraConfig: [`ForceCommand sleep 600 ${HANGS_TOKEN}`] }));
    hosts.push(await startSshd({ address: '127.0.5.33', alias: 'bastion' }));
    hosts.push(await startSshd({ address: '127.0.5.34', alias: 'inner', clientKeyPath: hosts[0].clientKeyPath }));
    downPort = await closedPort();
    home = tempDir();
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    // known_hosts: every host's real key, except `changed`, recorded with some other key.
    const other = newKey(home, 'other_host_key');
    const changed = hosts[GOOD];
    const known = hosts.filter((h) => h !== changed).map((h) => readFileSync(h.knownHostsFile, 'utf8')).join('')
      + `[${changed.address}]:${changed.port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
    writeFileSync(join(home, '.ssh', 'known_hosts'), known);
    // One key for all (the first host's), authorized everywhere but on `refuses`.
    const key = hosts[0].clientKeyPath;
    const pub = readFileSync(`${key}.pub`, 'utf8').trim();
    for (const h of hosts) if (h.alias !== 'refuses') writeFileSync(join(h.dir, 'authorized_keys'), `${pub}\n`);
    const line = (h: SshdHost, name = h.alias): string => `${name} ansible_host=${h.address} ansible_port=${h.port}`;
    inventory = join(home, 'hosts.ini');
    writeFileSync(inventory, [
      '# a fleet: web01..web17 are fine, the rest are not (but inner, through the bastion)',
      '[web]', ...hosts.slice(0, GOOD).map((h) => line(h)),
      '[odd]', line(hosts[GOOD]), line(hosts[GOOD + 1]), line(hosts[GOOD + 2]),
      `down ansible_host=127.0.5.200 ansible_port=${downPort}`,
      `inner ansible_host=${hosts[GOOD + 4].address} ansible_port=${hosts[GOOD + 4].port} ansible_ssh_common_args='-o ProxyJump=${hosts[GOOD + 3].user}@${hosts[GOOD + 3].address}:${hosts[GOOD + 3].port}'`,
      '[all:vars]', `ansible_user=${hosts[0].user}`, `ansible_ssh_private_key_file=${key}`, '',
    ].join('\n'));
  });
  after(async () => {
    for (const host of hosts) await host.stop();
    // The hangs host's sessions outlive its sshd (reparented to init when the connection closes).
    killStrays(HANGS_TOKEN);
  });

  it('collects the good ones, names each failure with its reason, and a rerun of failed.txt tries only those', async () => {
    const out = tempDir();
    const first = await run(['collect', '--inventory', inventory, '--limit', 'all:!bastion', '--out', out, '--format', 'json',
      '--concurrency', '8', '--connect-timeout', '5', '--host-timeout', '45'], home);
    assert.equal(first.code, 3, first.stderr + first.stdout);
    const failed = readFileSync(join(out, 'failed.txt'), 'utf8').trim().split('\n').sort();
    assert.deepEqual(failed, ['changed', 'down', 'hangs', 'refuses']);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    assert.equal(index.schema, 'hostsnap/fleet@1');
    const collected = index.hosts.map((h: { input: string }) => h.input).sort();
    assert.deepEqual(collected, [...hosts.slice(0, GOOD).map((h) => h.alias), 'inner'].sort());
    const reason = (name: string): string => index.failed.find((f: { input: string }) => f.input === name).error;
    assert.match(reason('down'), /connection refused/);
    assert.match(reason('changed'), /changed|does not match|REMOTE HOST IDENTIFICATION/i);
    assert.match(reason('refuses'), /authentication failed/);
    assert.match(reason('hangs'), /the collector never started: stopped at the snapshot's hard deadline/);
    for (const host of index.hosts) for (const file of Object.values(host.reports) as string[]) readFileSync(join(out, file));
    assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /<html/i);
    // Exactly one setting outlier: ODD_ONE's swappiness in its group, web (16 of 17 have this machine's).
    assert.deepEqual(index.settingOutliers, [{ input: ODD_ONE, name: index.hosts.find((h: { input: string }) => h.input === ODD_ONE).name,
      group: 'web', setting: 'vm.swappiness', value: oddSwappiness, usual: usualSwappiness, compared: GOOD, usualCount: GOOD - 1 }]);
    assert.deepEqual(index.hosts.find((h: { input: string }) => h.input === ODD_ONE).groups, ['all', 'web']);
    // The page, in Chromium: the outliers table names that host, group and setting, and no other host.
    const chromium = await launchBrowser();
    try {
      const page = await chromium.browser.newPage();
      const watch = watchPage(page);
      await page.goto(pathToFileURL(join(out, 'index.html')).href);
      const rows = await page.locator('#outliers tr.outlier').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
      const name = index.hosts.find((h: { input: string }) => h.input === ODD_ONE).name;
      assert.deepEqual(rows, [[name, 'web', 'vm.swappiness', oddSwappiness, `${usualSwappiness} (${GOOD - 1} of ${GOOD})`]]);
      assert.deepEqual(watch.requests, [pathToFileURL(join(out, 'index.html')).href], 'no request besides the document');
      await page.close();
    } finally {
      await chromium.close();
    }

    // Rerun just the failed hosts: the four are tried again (and fail again), nothing else is.
    const out2 = tempDir();
    const rerun = await run(['collect', '--inventory', inventory, '--limit', `@${join(out, 'failed.txt')}`, '--out', out2,
      '--format', 'json', '--connect-timeout', '5', '--host-timeout', '5'], home);
    assert.equal(rerun.code, 3, rerun.stderr);
    const again = JSON.parse(readFileSync(join(out2, 'index.json'), 'utf8'));
    assert.equal(again.hosts.length, 0);
    assert.deepEqual(again.failed.map((f: { input: string }) => f.input).sort(), failed);
  });
});
