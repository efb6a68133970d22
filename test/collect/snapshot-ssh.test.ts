// A snapshot over real OpenSSH sshd on loopback: archive, manifest, reports, and the failures.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { snapshotHost } from '../../src/pipeline/snapshot.js';
import { HostKeyError, TransportError } from '../../src/errors.js';
import { findProbe, PROBES } from '../../src/probes/index.js';
import { PartialHostError } from '../../src/collect/partial.js';
import { cmdlineOf, descendantsOf, newKey, startSshd, type SshdHost } from '../helpers/sshd.js';
import { waitFor } from '../helpers/wait.js';
import { childrenOf } from './strays.js';
import { tempDirs } from './temp-dirs.js';

const FORMATS = ['html', 'md', 'json'] as const;
const tempDir = tempDirs('hostsnap-snap-');

const quick = (...ids: string[]) => ids.map((id) => findProbe(id)!);

describe('snapshot over ssh', { timeout: 120_000 }, () => {
  let host: SshdHost;
  before(async () => {
    host = await startSshd({ address: '127.0.0.2' });
  });
  after(async () => host?.stop());

  it('collects every probe over one connection into an archive with its reports beside it', async () => {
    const out = tempDir();
    const result = await snapshotHost(host.target, { outDir: out, formats: FORMATS, ssh: host.sshOptions() });
    const names = readdirSync(out).sort();
    assert.deepEqual(names, FORMATS.map((f) => `${result.baseName}.${f}`).concat(`${result.baseName}.tar.gz`).sort());
    assert.match(result.baseName, /^[A-Za-z0-9._-]+-\d{8}T\d{6}Z$/);

    const set = await readArchive(result.archive);
    const manifest = set.manifest!;
    assert.equal(manifest.transport, 'ssh');
    assert.equal(manifest.target, host.target);
    assert.equal(manifest.hostname, result.hostname);
    assert.deepEqual(manifest.probes.map((p) => p.id), PROBES.map((p) => p.id));
    for (const entry of manifest.probes) {
      assert.ok(entry.attempts.length >= 1, entry.id);
      const last = entry.attempts.at(-1)!;
      assert.equal(entry.command, last.command);
      assert.equal(typeof last.durationMs, 'number');
      assert.ok(last.exitCode !== undefined && typeof last.bytes === 'number' && typeof last.truncated === 'boolean');
      if (entry.file) assert.equal(set.sources.get(entry.id)!.text.length > 0, true, entry.id);
    }
    // Probes every Linux host answers, read back byte for byte from raw/ID.txt.
    for (const id of ['proc-meminfo', 'uname', 'ps', 'vmstat', 'pidstat', 'proc-zoneinfo']) {
      const entry = manifest.probes.find((p) => p.id === id)!;
      assert.equal(entry.via, 'primary', id);
      assert.equal(entry.attempts[0].exitCode, 0, id);
      assert.equal(Buffer.byteLength(set.sources.get(id)!.text), entry.attempts[0].bytes, id);
    }
    assert.match(set.sources.get('proc-meminfo')!.text, /^MemTotal:/);
    assert.match(set.sources.get('vmstat')!.text, /procs -+memory/);
    // The samplers ran at the same time on the one connection: their runs overlap.
    const span = (id: string) => {
      const a = manifest.probes.find((p) => p.id === id)!.attempts.at(-1)!;
      const start = Date.parse(a.startedAt);
      return [start, start + a.durationMs];
    };
    const [vStart, vEnd] = span('vmstat');
    const [pStart, pEnd] = span('pidstat');
    assert.ok(vStart < pEnd && pStart < vEnd, `vmstat ${vStart}-${vEnd}, pidstat ${pStart}-${pEnd}`);
    assert.equal(set.sources.size, manifest.probes.filter((p) => p.file).length);
  });

  it('refuses an unknown host unless --accept-new, and then records its key', async () => {
    const out = tempDir();
    const knownHostsFile = join(tempDir(), 'known_hosts');
    writeFileSync(knownHostsFile, '');
    const options = { outDir: out, formats: ['json'] as const, probes: quick('uname') };
    await assert.rejects(snapshotHost(host.target, { ...options, ssh: host.sshOptions({ knownHostsFile }) }), (e) => e instanceof HostKeyError && !e.changed);
    assert.deepEqual(readdirSync(out), []);
    const result = await snapshotHost(host.target, { ...options, ssh: host.sshOptions({ knownHostsFile, acceptNew: true }) });
    assert.ok(result.archive.endsWith('.tar.gz'));
    // Recorded: the next run needs no --accept-new.
    await snapshotHost(host.target, { ...options, ssh: host.sshOptions({ knownHostsFile }) });
  });

  it('refuses a changed host key, even with --accept-new, and leaves no archive or partial file', async () => {
    const out = tempDir();
    const other = newKey(tempDir(), 'other_host_key');
    const [type, blob] = readFileSync(`${other}.pub`, 'utf8').trim().split(/\s+/);
    const knownHostsFile = join(tempDir(), 'known_hosts');
    writeFileSync(knownHostsFile, `[${host.address}]:${host.port} ${type} ${blob}\n`);
    for (const acceptNew of [false, true]) {
      await assert.rejects(
        snapshotHost(host.target, { outDir: out, formats: FORMATS, ssh: host.sshOptions({ knownHostsFile, acceptNew }) }),
        (e) => e instanceof HostKeyError && e.changed,
      );
    }
    assert.deepEqual(readdirSync(out), []);
  });
});

describe('snapshot over ssh, connection lost', { timeout: 60_000 }, () => {
  it('fails naming the host and the probe, and writes nothing', async (t) => {
    const host = await startSshd({ address: '127.0.0.2' });
    t.after(() => host.stop());
    const out = tempDir();
    // Nothing may have arrived when the connection goes: once a probe's frame is in, the host is
    // partial and written instead (the faults test). So the first foreground probe blocks on a
    // FIFO this test holds, and a sampler runs meanwhile (its frame is sent at the end).
    const fifo = join(tempDir(), 'hold');
    execFileSync('mkfifo', [fifo]);
    t.after(() => {
      const fd = openSync(fifo, constants.O_RDWR); // never blocks on a FIFO: frees the held read
      writeSync(fd, 'x');
      closeSync(fd);
    });
    const held = { ...findProbe('kern-log')!, command: { run: `cat ${fifo}` }, fallbacks: [], late: false };
    // The probe the controller has seen begin: the cut must come after kern-log's begin frame has
    // arrived, or the error names the sampler (a wait on the host alone raced that frame: seen once in session 8's runs).
    let controllerRunning: string | null = null;
    const pending = snapshotHost(host.target, { outDir: out, formats: ['json'], probes: [findProbe('vmstat')!, held, findProbe('uname')!], ssh: host.sshOptions(),
      onArrived: (_ids, running) => { controllerRunning = running; } });
    // Handled from the start: a rejection during the wait below is judged by assert.rejects, not
    // reported as an unhandled rejection.
    pending.catch(() => undefined);
    let settled = false;
    pending.then(() => { settled = true; }, () => { settled = true; });
    const running = (pattern: RegExp) => descendantsOf(host.pid).some((pid) => pattern.test(cmdlineOf(pid)));
    await waitFor(() => settled || (running(/^vmstat\0/) && running(new RegExp(`\0${fifo}\0$`)) && controllerRunning === 'kern-log'),
      { what: 'vmstat and the held probe running below our sshd, and the held probe\'s begin at the controller' });
    assert.equal(settled, false, 'the snapshot ended before the cut');
    // Kill the sshd process serving this connection (a child of ours).
    const servers = childrenOf(host.pid);
    assert.ok(servers.length > 0);
    servers.forEach((pid) => process.kill(pid, 'SIGKILL'));
    await assert.rejects(pending, (e) => e instanceof TransportError && !(e instanceof PartialHostError) && new RegExp(`^${host.target}: probe kern-log: (?!${host.target})`).test(e.message));
    assert.deepEqual(readdirSync(out), []);
  });
});
