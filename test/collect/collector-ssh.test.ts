// The collector over real OpenSSH sshd hosts: at most 3 sessions per snapshot whatever happens,
// and the same results as the per-probe design (redone with OpenSSH's client) on the same host.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { TransportError } from '../../src/errors.js';
import type { Manifest } from '../../src/archive/types.js';
import { PartialHostError } from '../../src/collect/partial.js';
import { snapshotHost, type SnapshotResult } from '../../src/pipeline/snapshot.js';
import { findProbe, PROBES } from '../../src/probes/index.js';
import type { Probe } from '../../src/probes/types.js';
import { startBusyboxHost } from '../helpers/busybox-host.js';
import { openSshOracle, type OracleResult } from '../helpers/per-probe-openssh.js';
import { startReplayHost } from '../helpers/replay-host.js';
import { ensureSudo, startSshd, type SshdHost } from '../helpers/sshd.js';
import { childrenOf, killStrays } from './strays.js';
import { tempDirs } from './temp-dirs.js';

const tempDir = tempDirs('hostsnap-collector-ssh-');
const MAX_SESSIONS = 3;

// Outputs that do not change between two collections a few seconds apart on a test host.
const STABLE = ['uname', 'os-release', 'nproc', 'sysctl', 'proc-mountinfo', 'proc-swaps'];

async function snapshot(host: SshdHost, extra: { sudo?: boolean; probes?: Probe[]; stopAfterMs?: number } = {}) {
  // A partial host (a stopped collector) is written, then thrown with its result.
  const result = await snapshotHost(host.target, { outDir: tempDir(), formats: ['json'], ssh: host.sshOptions(), ...extra })
    .catch((error: unknown) => {
      if (error instanceof PartialHostError) return (error as PartialHostError<SnapshotResult>).result;
      throw error;
    });
  const set = await readArchive(result.archive);
  return { manifest: set.manifest as Manifest & { partial?: { reason: string } }, sources: set.sources };
}

/** A probe that sleeps 600 s, marked with a token so what it leaves on the host can be found. */
function sleeper(t: { after(fn: () => unknown): void }, id: string, timeoutMs: number): Probe {
  const token = `hostsnap-${id}-${process.pid}-${Date.now()}`;
  t.after(() => killStrays(token));
  return { id, area: 'test', description: 'never answers', command: { run: `sleep 600 # ${token}` }, timeoutMs, maxBytes: 1024 };
}

/** Every probe as the per-probe design gives it: same way, same statuses, same emptiness, same stable bytes. */
function assertSameAsPerProbe(host: SshdHost, got: Awaited<ReturnType<typeof snapshot>>): void {
  const perProbe = openSshOracle(host);
  try {
    for (const probe of PROBES) assertSameProbe(probe, perProbe.run(probe), got);
  } finally {
    perProbe.close();
  }
}

function assertSameProbe(probe: Probe, oracle: OracleResult, got: Awaited<ReturnType<typeof snapshot>>): void {
  const entry = got.manifest.probes.find((p) => p.id === probe.id)!;
  const label = `${probe.id}: collector ${entry.via} ${JSON.stringify(entry.attempts.map((a) => a.exitCode))}, per-probe ${oracle.via} ${JSON.stringify(oracle.statuses)}`;
  assert.equal(entry.via, oracle.via, label);
  assert.deepEqual(entry.attempts.map((a) => a.exitCode), oracle.statuses, label);
  const text = got.sources.get(probe.id)?.text ?? '';
  assert.equal(text.length > 0, oracle.stdout.length > 0, label);
  if (STABLE.includes(probe.id)) assert.equal(text, oracle.stdout.toString('utf8'), label);
}

describe('the collector over ssh', { timeout: 240_000 }, () => {
  it('a normal host: one session, the scratch folder removed, results equal to the per-probe design', async (t) => {
    const host = await startSshd({ address: '127.0.0.4' });
    t.after(() => host.stop());
    const got = await snapshot(host);
    assert.equal(got.manifest.sessions, 1);
    assert.equal(got.manifest.collector!.scratchRemoved, true);
    assert.match(got.manifest.collector!.scratch, /^\/dev\/shm\/hostsnap\.\w+$/);
    assertSameAsPerProbe(host, got);
  });

  it('a busybox-only host (no procps, no sysstat, no bash): at most 3 sessions, the same results', async (t) => {
    const host = await startBusyboxHost({ address: '127.0.0.4' });
    t.after(() => host.stop());
    const got = await snapshot(host);
    assert.ok(got.manifest.sessions! <= MAX_SESSIONS, `sessions ${got.manifest.sessions}`);
    const entry = (id: string) => got.manifest.probes.find((p) => p.id === id)!;
    assert.equal(entry('vmstat').attempts[0].notFound, true);
    assert.equal(entry('pidstat').via, 'fallback:1'); // the /proc sampler
    assert.match(got.sources.get('pidstat')!.text, /^#hostsnap-pidstat-fallback v1 /);
    assert.notEqual(entry('ps').via, 'primary'); // busybox ps rejects -e
    assert.equal(entry('slabtop').coveredBy, 'proc-slabinfo');
    assert.match(got.sources.get('proc-meminfo')!.text, /^MemTotal:/);
    assertSameAsPerProbe(host, got);
  });

  it('a host without pidstat: at most 3 sessions', async (t) => {
    const host = await startReplayHost({ hide: ['pidstat'], sshd: { address: '127.0.0.4' } });
    t.after(() => host.stop());
    const got = await snapshot(host, { probes: ['pidstat', 'vmstat', 'uname'].map((id) => findProbe(id)!) });
    assert.ok(got.manifest.sessions! <= MAX_SESSIONS);
    assert.equal(got.manifest.probes.find((p) => p.id === 'pidstat')!.via, 'fallback:1');
  });

  it('a host where a probe hangs: killed on the host, at most 3 sessions, the rest collected', async (t) => {
    const host = await startSshd({ address: '127.0.0.4' });
    t.after(() => host.stop());
    const hang = sleeper(t, 'hang', 2000);
    const got = await snapshot(host, { probes: [hang, ...['uname', 'proc-meminfo', 'ps'].map((id) => findProbe(id)!)] });
    assert.ok(got.manifest.sessions! <= MAX_SESSIONS);
    assert.equal(got.manifest.probes.find((p) => p.id === 'hang')!.attempts[0].timedOut, true);
    for (const id of ['uname', 'proc-meminfo', 'ps']) assert.ok(got.sources.get(id)?.text, id);
    assert.deepEqual(killStrays(hang.command.run.split('# ')[1]), []); // the collector's watchdog killed it on the host
  });

  it('a collector stuck past every timeout: stopped from a second session, the probes before it kept', async (t) => {
    // The watchdog cannot help a way whose own timeout outlasts the run (a stand-in for a
    // D-state read that SIGKILL cannot end): the controller's last resort is tried here.
    const host = await startSshd({ address: '127.0.0.4' });
    t.after(() => host.stop());
    const stuck = sleeper(t, 'stuck', 600_000);
    const got = await snapshot(host, { probes: [findProbe('uname')!, stuck], stopAfterMs: 3000 });
    assert.equal(got.manifest.sessions, 2);
    assert.equal(got.manifest.collector!.stopped, true);
    assert.match(got.manifest.partial!.reason, /^stopped at the snapshot's hard deadline/);
    const entry = got.manifest.probes.find((p) => p.id === 'stuck')!;
    assert.equal(entry.attempts[0].timedOut, true);
    assert.match(entry.attempts[0].stderr, /running when the collector was stopped/);
    assert.ok(got.sources.get('uname')?.text);
    assert.deepEqual(killStrays(stuck.command.run.split('# ')[1]), []); // the kill session took the stuck way with the script
  });

  it('a login that blocks before the script starts: failed at the hard deadline, connection closed, nothing written', async (t) => {
    // No hello, so no pid to kill: the controller can only close the session and then the
    // connection (sshd answers the channel close only when the blocked login lets go of it).
    const host = await startSshd({ address: '127.0.0.4' });
    t.after(() => host.stop());
    const token = `hostsnap-block-${process.pid}-${Date.now()}`;
    t.after(() => killStrays(token));
    // bash run by sshd reads ~/.bashrc (HOME is the host's folder) before it runs `sh -s`.
    writeFileSync(join(host.dir, '.bashrc'), `sh -c 'sleep 600' ${token}\n`);
    const out = tempDir();
    const pending = snapshotHost(host.target, { outDir: out, formats: ['json'], ssh: host.sshOptions(), probes: [findProbe('uname')!], stopAfterMs: 3000 });
    await assert.rejects(pending, (e) => e instanceof TransportError
      && e.message.startsWith(`${host.target}: the collector never started: stopped at the snapshot's hard deadline (3 s)`));
    assert.deepEqual(readdirSync(out), []);
    // The connection is closed on the server too: sshd's process for it ends (bounded wait).
    for (let i = 0; i < 100 && childrenOf(host.pid).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(childrenOf(host.pid), []);
    assert.ok(killStrays(token).length > 0, 'the login was not blocked in its rc file');
  });

  it('under --sudo: root probes through sudo -n, one session', async (t) => {
    ensureSudo();
    const host = await startSshd({ address: '127.0.0.4' });
    t.after(() => host.stop());
    const got = await snapshot(host, { sudo: true, probes: ['dmesg', 'proc-slabinfo', 'uname'].map((id) => findProbe(id)!) });
    assert.equal(got.manifest.sessions, 1);
    assert.equal(got.manifest.sudo, true);
    for (const id of ['dmesg', 'proc-slabinfo']) assert.equal(got.manifest.probes.find((p) => p.id === id)!.attempts[0].exitCode, 0, id);
    assert.match(got.sources.get('proc-slabinfo')!.text, /^slabinfo - version: 2\.1/);
  });

  it('a server that allows one session per connection (MaxSessions 1)', async (t) => {
    const host = await startSshd({ address: '127.0.0.4', extraConfig: ['MaxSessions 1'] });
    t.after(() => host.stop());
    const got = await snapshot(host, { probes: ['uname', 'vmstat'].map((id) => findProbe(id)!) });
    assert.equal(got.manifest.sessions, 1);
    assert.ok(got.sources.get('vmstat')?.text);
  });
});
