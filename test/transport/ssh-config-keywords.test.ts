// ssh_config keywords hostsnap honours (UserKnownHostsFile, GlobalKnownHostsFile, StrictHostKeyChecking,
// ConnectTimeout, ServerAliveInterval, ProxyCommand), each checked against real sshd and against what
// OpenSSH's client does with the same file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveTarget } from '../../src/transport/ssh-config.js';
import { connectSsh } from '../../src/transport/ssh.js';
import { configBlock, descendantsOf, startSshd, type SshdHost } from '../helpers/sshd.js';

/** What the real ssh client does with the config: run `true` on the host, never prompting. */
function opensshRuns(file: string, alias: string): boolean {
  return spawnSync('ssh', ['-F', file, '-o', 'BatchMode=yes', alias, 'true'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

/** Sends a signal; false when the process is already gone. */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

function sshG(file: string, alias: string, key: string): string | undefined {
  const out = execFileSync('ssh', ['-G', '-F', file, alias], { encoding: 'utf8' });
  return out.split('\n').find((l) => l.startsWith(`${key} `))?.slice(key.length + 1);
}

describe('ssh_config keywords against real sshd and ssh', { timeout: 60_000 }, () => {
  let host: SshdHost;
  before(async () => { host = await startSshd({ address: '127.0.5.50', alias: 'kw' }); });
  after(async () => { await host.stop(); });

  const connect = async (file: string): Promise<void> => {
    // No knownHostsFile from the caller: the config must say where the keys are.
    const transport = await connectSsh('kw', { ...host.sshOptions(), knownHostsFile: undefined, sshConfigFile: file });
    await transport.close();
  };

  it('UserKnownHostsFile: the key is looked up where the config says, as ssh does', async () => {
    const file = join(host.dir, 'kw_config');
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${host.knownHostsFile}`, 'StrictHostKeyChecking yes']));
    assert.equal(sshG(file, 'kw', 'userknownhostsfile'), host.knownHostsFile);
    assert.equal(resolveTarget('kw', { configFile: file }).userKnownHostsFile, host.knownHostsFile);
    assert.equal(opensshRuns(file, 'kw'), true);
    await connect(file);
    // Pointed at an empty file, both refuse the host.
    const empty = join(host.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${empty}`, 'StrictHostKeyChecking yes']));
    assert.equal(opensshRuns(file, 'kw'), false);
    await assert.rejects(connect(file), /not known|unknown|known_hosts/i);
  });

  it('StrictHostKeyChecking accept-new: the unknown key is recorded, as ssh records it', async () => {
    const file = join(host.dir, 'an_config');
    const known = join(host.dir, 'an_known_hosts');
    writeFileSync(known, '');
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${known}`, 'StrictHostKeyChecking accept-new']));
    assert.equal(sshG(file, 'kw', 'stricthostkeychecking'), 'accept-new');
    await connect(file);
    const ours = readFileSync(known, 'utf8');
    assert.match(ours, new RegExp(`ssh-ed25519 ${host.hostKeyBlob.toString('base64').replace(/[+/]/g, '\\$&')}`));
    writeFileSync(known, '');
    assert.equal(opensshRuns(file, 'kw'), true);
    assert.match(readFileSync(known, 'utf8'), /ssh-ed25519/);
  });

  it('several UserKnownHostsFile files and GlobalKnownHostsFile: the key found in any of them passes, as in ssh', async () => {
    const file = join(host.dir, 'gk_config');
    const empty = join(host.dir, 'gk_empty');
    writeFileSync(empty, '');
    // The key only in a second user file.
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${empty} ${host.knownHostsFile}`, `GlobalKnownHostsFile ${empty}`, 'StrictHostKeyChecking yes']));
    assert.equal(sshG(file, 'kw', 'userknownhostsfile'), `${empty} ${host.knownHostsFile}`);
    assert.deepEqual(resolveTarget('kw', { configFile: file }).otherKnownHostsFiles, [host.knownHostsFile, empty]);
    assert.equal(opensshRuns(file, 'kw'), true);
    await connect(file);
    // The key only in the global file (hashed there, as ssh-keygen -H leaves it).
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${empty}`, `GlobalKnownHostsFile ${host.hashedKnownHostsFile}`, 'StrictHostKeyChecking yes']));
    assert.equal(sshG(file, 'kw', 'globalknownhostsfile'), host.hashedKnownHostsFile);
    assert.equal(opensshRuns(file, 'kw'), true);
    await connect(file);
    assert.equal(readFileSync(empty, 'utf8'), '', 'the user file is not written when the global one knows the key');
    // Neither knows it: both refuse, and the error names the files looked in.
    const empty2 = join(host.dir, 'gk_empty2');
    writeFileSync(empty2, '');
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${empty}`, `GlobalKnownHostsFile ${empty2}`, 'StrictHostKeyChecking yes']));
    assert.equal(opensshRuns(file, 'kw'), false);
    await assert.rejects(connect(file), (e: Error) => e.message.includes(empty) && e.message.includes(empty2));
  });

  it('StrictHostKeyChecking no: ssh connects to an unknown host; hostsnap refuses and says the setting is not followed', async () => {
    const file = join(host.dir, 'no_config');
    const empty = join(host.dir, 'no_known_hosts');
    writeFileSync(empty, '');
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${empty}`, 'GlobalKnownHostsFile /dev/null', 'StrictHostKeyChecking no']));
    assert.equal(sshG(file, 'kw', 'stricthostkeychecking'), 'false');
    assert.equal(opensshRuns(file, 'kw'), true);
    writeFileSync(empty, '');
    await assert.rejects(connect(file), /StrictHostKeyChecking no, which hostsnap follows only when given on the command line/);
    assert.equal(readFileSync(empty, 'utf8'), '', 'nothing recorded');
  });

  it('ProxyCommand: the connection runs through the command, with %h and %p expanded as ssh does', async () => {
    const file = join(host.dir, 'pc_config');
    const mark = join(host.dir, 'pc_used');
    // busybox nc carries the bytes; the shell first leaves a mark that the proxy ran.
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${host.knownHostsFile}`, `ProxyCommand sh -c 'echo %h:%p >> ${mark}; exec busybox nc %h %p'`]));
    // ssh -G prints the command as written; ssh expands the tokens when it runs it.
    assert.equal(sshG(file, 'kw', 'proxycommand'), `sh -c 'echo %h:%p >> ${mark}; exec busybox nc %h %p'`);
    assert.equal(resolveTarget('kw', { configFile: file }).proxyCommand,
      `sh -c 'echo ${host.address}:${host.port} >> ${mark}; exec busybox nc ${host.address} ${host.port}'`);
    assert.equal(opensshRuns(file, 'kw'), true);
    assert.equal(readFileSync(mark, 'utf8'), `${host.address}:${host.port}\n`);
    await connect(file);
    assert.equal(readFileSync(mark, 'utf8'), `${host.address}:${host.port}\n`.repeat(2));
    // A proxy that fails: the error carries what it said.
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${host.knownHostsFile}`, `ProxyCommand sh -c 'echo proxy refused %h >&2; exit 1'`]));
    assert.equal(opensshRuns(file, 'kw'), false);
    await assert.rejects(connect(file), new RegExp(`ProxyCommand exited with status 1, saying: proxy refused ${host.address.replace(/\./g, '\\.')}`));
  });

  it('ServerAliveInterval: a host that stops answering ends the connection after interval x ServerAliveCountMax', async () => {
    const file = join(host.dir, 'sa_config');
    writeFileSync(file, configBlock(host, [`UserKnownHostsFile ${host.knownHostsFile}`, 'ServerAliveInterval 1', 'ServerAliveCountMax 2']));
    assert.equal(sshG(file, 'kw', 'serveraliveinterval'), '1');
    assert.equal(sshG(file, 'kw', 'serveralivecountmax'), '2');
    const resolved = resolveTarget('kw', { configFile: file });
    assert.equal(resolved.serverAliveIntervalMs, 1000);
    assert.equal(resolved.serverAliveCountMax, 2);
    // Earlier tests' connections end in their own time: wait (bounded) until sshd serves none,
    // so that what is frozen below is this connection's own processes.
    for (let i = 0; i < 200 && descendantsOf(host.pid).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(descendantsOf(host.pid), [], 'no earlier connection left');
    const transport = await connectSsh('kw', { ...host.sshOptions(), knownHostsFile: undefined, sshConfigFile: file });
    // Freeze this connection's sshd processes (every descendant of our sshd): the host stops answering.
    const frozen: number[] = [];
    try {
      frozen.push(...descendantsOf(host.pid).filter((pid) => signal(pid, 'SIGSTOP')));
      assert.ok(frozen.length > 0, 'the session has an sshd process');
      const running = transport.runScript('sleep 30\n', { maxBytes: 1024, sudo: false });
      await assert.rejects(running.done);
    } finally {
      for (const pid of frozen) signal(pid, 'SIGCONT');
      await transport.close();
    }
  });

  it('ConnectTimeout: the seconds ssh -G reports become the connect timeout', () => {
    const file = join(host.dir, 'ct_config');
    writeFileSync(file, configBlock(host, ['ConnectTimeout 3']));
    assert.equal(sshG(file, 'kw', 'connecttimeout'), '3');
    assert.equal(resolveTarget('kw', { configFile: file }).connectTimeoutMs, 3000);
  });
});
