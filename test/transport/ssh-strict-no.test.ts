// -o StrictHostKeyChecking=no on the command line, against a real sshd and OpenSSH's own client.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HostKeyError, UsageError } from '../../src/errors.js';
import { commandLineOptions } from '../../src/transport/command-line.js';
import { fingerprintSha256 } from '../../src/transport/host-keys.js';
import { connectSsh } from '../../src/transport/ssh.js';
import { snapshotHost } from '../../src/pipeline/snapshot.js';
import { findProbe } from '../../src/probes/index.js';
import { newKey, startSshd, type SshdHost } from '../helpers/sshd.js';
import { repoPath } from '../helpers/paths.js';
import { runSh } from '../helpers/run-sh.js';

describe('-o StrictHostKeyChecking=no', () => {
  let host: SshdHost;
  let dir: string;
  let changedLine: string;
  before(async () => {
    host = await startSshd({ address: '127.0.0.4' });
    dir = mkdtempSync(join(tmpdir(), 'hostsnap-strict-no-'));
    // The host "reinstalled": known_hosts holds another ed25519 key for its address and port.
    const other = newKey(dir, 'old_host_key');
    changedLine = `[${host.address}]:${host.port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
  });
  after(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** OpenSSH's client with the same known_hosts, -F none so no config of this machine counts. */
  function openssh(knownHosts: string, extra: string[]): { status: number | null; stderr: string } {
    const run = spawnSync('ssh', ['-F', 'none', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null',
      ...extra, '-i', host.clientKeyPath, '-p', String(host.port), `${host.user}@${host.address}`, 'true'],
    { encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: dir, SSH_AUTH_SOCK: '' } });
    return { status: run.status, stderr: run.stderr };
  }

  it('a changed key: refused without it (like ssh), let in with it, unverified and said so; known_hosts untouched', async () => {
    const knownHosts = join(dir, 'changed_known_hosts');
    writeFileSync(knownHosts, changedLine);
    await assert.rejects(connectSsh(host.target, host.sshOptions({ knownHostsFile: knownHosts })), (e: unknown) => e instanceof HostKeyError && e.changed);
    assert.notEqual(openssh(knownHosts, []).status, 0, 'ssh refuses the changed key too');
    // A config file's `StrictHostKeyChecking no` is still not followed.
    const config = join(dir, 'config');
    writeFileSync(config, `Host *\n  StrictHostKeyChecking no\n`);
    await assert.rejects(connectSsh(host.target, host.sshOptions({ knownHostsFile: knownHosts, sshConfigFile: config })),
      (e: unknown) => e instanceof HostKeyError && e.changed);

    const ssh = await connectSsh(host.target, host.sshOptions({ knownHostsFile: knownHosts, commandLine: commandLineOptions(['StrictHostKeyChecking=no']) }));
    try {
      assert.equal((await runSh(ssh, 'echo in')).stdout, 'in\n');
      assert.deepEqual(ssh.unverifiedHostKeys, [{ host: `[${host.address}]:${host.port}`, keyType: 'ssh-ed25519',
        fingerprint: fingerprintSha256(host.hostKeyBlob), status: 'changed', knownHosts: `${knownHosts} line 1` }]);
      assert.match(ssh.notes.join('\n'), /accepted WITHOUT verification/);
    } finally {
      await ssh.close();
    }
    assert.equal(readFileSync(knownHosts, 'utf8'), changedLine);
    // OpenSSH 9.x: logs in with the key (publickey), but says it disabled password and
    // keyboard-interactive auth and agent/port forwarding; it does not replace the entry either.
    // hostsnap authenticates by key only and forwards nothing through a target, so it matches.
    const real = openssh(knownHosts, ['-o', 'StrictHostKeyChecking=no']);
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.match(real.stderr, /Password authentication is disabled/);
    assert.equal(readFileSync(knownHosts, 'utf8'), changedLine);
  });

  it('a snapshot through a changed key says so: manifest.hostKey, and the first finding of every report', async () => {
    const knownHosts = join(dir, 'snapshot_known_hosts');
    writeFileSync(knownHosts, changedLine);
    const out = join(dir, 'snapshot-out');
    const result = await snapshotHost(host.target, { outDir: out, formats: ['json', 'md'], probes: [findProbe('uname')!],
      ssh: host.sshOptions({ knownHostsFile: knownHosts, commandLine: commandLineOptions(['StrictHostKeyChecking=no']) }) });
    assert.equal(result.analysis.document.findings[0].id, 'host-key-not-verified');
    const json = JSON.parse(readFileSync(result.reports.find((r) => r.endsWith('.json'))!, 'utf8')) as { findings: Array<{ id: string; evidence: Array<{ text: string }> }>; input: unknown };
    assert.equal(json.findings[0].id, 'host-key-not-verified');
    assert.match(json.findings[0].evidence[0].text, new RegExp(`ssh-ed25519 ${fingerprintSha256(host.hostKeyBlob).replace(/[+/]/g, '\\$&')}: changed \\(known_hosts: ${knownHosts.replace(/[.]/g, '\\.')} line 1\\)`));
    const md = readFileSync(result.reports.find((r) => r.endsWith('.md'))!, 'utf8');
    assert.match(md, /Host key NOT verified/);
    const manifest = JSON.parse(spawnSync('tar', ['-xzOf', result.archive, '--wildcards', '*manifest.json'], { encoding: 'utf8' }).stdout) as { hostKey?: { verified: boolean; unverified: Array<{ status: string }> } };
    assert.equal(manifest.hostKey?.verified, false);
    assert.equal(manifest.hostKey?.unverified[0].status, 'changed');
    assert.equal(readFileSync(knownHosts, 'utf8'), changedLine);
    // Read again later (`hostsnap analyze ARCHIVE`): the report still opens with the unverified key.
    const again = spawnSync(process.execPath, [repoPath('bin', 'hostsnap.js'), 'analyze', result.archive, '--format', 'json'], { encoding: 'utf8' });
    const findings = (JSON.parse(again.stdout) as { findings: Array<{ id: string; evidence: Array<{ text: string }> }> }).findings;
    assert.equal(findings[0].id, 'host-key-not-verified', again.stderr);
    assert.equal(findings[0].evidence[0].text, json.findings[0].evidence[0].text);
  });

  it('an unknown key: let in unverified and never written (OpenSSH would record it: hostsnap does not)', async () => {
    const knownHosts = join(dir, 'empty_known_hosts');
    writeFileSync(knownHosts, '');
    const ssh = await connectSsh(host.target, host.sshOptions({ knownHostsFile: knownHosts, commandLine: commandLineOptions(['stricthostkeychecking no']) }));
    try {
      assert.equal(ssh.unverifiedHostKeys.length, 1);
      assert.equal(ssh.unverifiedHostKeys[0].status, 'unknown');
    } finally {
      await ssh.close();
    }
    assert.equal(readFileSync(knownHosts, 'utf8'), '');
    const real = openssh(knownHosts, ['-o', 'StrictHostKeyChecking=no']);
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stderr, /Permanently added/);
    assert.notEqual(readFileSync(knownHosts, 'utf8'), '', 'ssh itself wrote the key');
  });

  it('a known key stays verified; -o wins over the config; unsupported keywords are usage errors naming them', async () => {
    const ssh = await connectSsh(host.target, host.sshOptions({ commandLine: commandLineOptions(['StrictHostKeyChecking=no']) }));
    assert.deepEqual(ssh.unverifiedHostKeys, []);
    await ssh.close();
    // -o Port wins over the alias's Port in the config, as with ssh: a closed port is refused.
    await assert.rejects(connectSsh(host.alias, host.sshOptions({ commandLine: commandLineOptions(['Port=1']) })), /connection refused/);
    assert.throws(() => commandLineOptions(['PasswordAuthentication=yes']), (e: unknown) => e instanceof UsageError && /PasswordAuthentication/.test(e.message));
    assert.throws(() => commandLineOptions(['StrictHostKeyChecking=maybe']), UsageError);
    assert.throws(() => commandLineOptions(['Port']), UsageError);
  });
});
