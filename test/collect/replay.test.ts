// Replay hosts over real sshd: recorded files served through real commands, i686, own hostname.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { snapshotHost } from '../../src/pipeline/snapshot.js';
import { findProbe } from '../../src/probes/index.js';
import { repoPath } from '../helpers/paths.js';
import { startReplayHost } from '../helpers/replay-host.js';
import { tempDirs } from './temp-dirs.js';

const CASE = '2011-web1-xen-i686-lowmem';
const caseFile = (...p: string[]): string => readFileSync(repoPath('test', 'fixtures', 'replay', CASE, ...p), 'utf8');
const tempDir = tempDirs('hostsnap-replay-out-');

describe('replay hosts', { timeout: 120_000 }, () => {
  it('serves the recorded incident: hostname web1, i686, replayed /proc files and kern.log', async (t) => {
    const host = await startReplayHost({ case: CASE, sshd: { address: '127.0.0.3' } });
    t.after(() => host.stop());
    const result = await snapshotHost(host.target, { outDir: tempDir(), formats: ['json'], ssh: host.sshOptions() });
    assert.equal(result.hostname, 'web1');
    assert.match(result.baseName, /^web1-\d{8}T\d{6}Z$/);
    const set = await readArchive(result.archive);
    assert.equal(set.manifest!.hostname, 'web1');
    assert.match(set.sources.get('uname')!.text, /^Linux web1 \S+ .* i686 GNU\/Linux\n$/);
    for (const file of ['meminfo', 'zoneinfo', 'slabinfo']) {
      assert.equal(set.sources.get(`proc-${file}`)!.text, caseFile('proc', file), file);
    }
    // free reads the replayed /proc/meminfo through the real procps binary.
    const memTotal = /^MemTotal:\s+(\d+) kB/m.exec(caseFile('proc', 'meminfo'))![1];
    assert.match(set.sources.get('free')!.text, new RegExp(`^Mem:\\s+${memTotal}\\s`, 'm'));
    const kernLog = set.manifest!.probes.find((p) => p.id === 'kern-log')!;
    assert.equal(kernLog.via, 'primary');
    assert.equal(set.sources.get('kern-log')!.text, caseFile('log', 'kern.log'));
    // dmesg and journalctl are hidden on this host: every way is recorded, none gave data.
    const dmesg = set.manifest!.probes.find((p) => p.id === 'dmesg')!;
    assert.equal(dmesg.attempts.length, 3);
    assert.ok(dmesg.attempts.every((a) => a.notFound), JSON.stringify(dmesg.attempts));
    assert.equal(dmesg.file, null);
    // The whole chain on the replayed text: a 32-bit host whose lowmem the dentry storm exhausted.
    const doc = result.analysis.document;
    assert.deepEqual([doc.host.name, doc.host.arch, doc.host.bits], ['web1', 'i686', 32]);
    assert.ok(doc.oomEvents.length > 0);
    assert.ok(doc.findings.some((f) => f.id === 'lowmem-exhaustion'), JSON.stringify(doc.findings.map((f) => f.id)));
  });

  it('falls back to the /proc sampler on a host without pidstat', async (t) => {
    const host = await startReplayHost({ hide: ['pidstat'], sshd: { address: '127.0.0.3' } });
    t.after(() => host.stop());
    const probes = ['pidstat', 'uname'].map((id) => findProbe(id)!);
    const result = await snapshotHost(host.target, { outDir: tempDir(), formats: ['json'], ssh: host.sshOptions(), probes });
    const set = await readArchive(result.archive);
    const entry = set.manifest!.probes.find((p) => p.id === 'pidstat')!;
    assert.equal(entry.attempts[0].notFound, true);
    assert.equal(entry.attempts[0].exitCode, 127);
    assert.equal(entry.via, 'fallback:1');
    assert.equal(entry.attempts[1].exitCode, 0);
    const text = set.sources.get('pidstat')!.text;
    assert.match(text, /^#hostsnap-pidstat-fallback v1 clk_tck=\d+ pagesize=\d+\n@sample \d+\.\d+\n/);
    const samples = text.split('\n').filter((l) => l.startsWith('@sample '));
    assert.equal(samples.length, 2);
    const [first, second] = samples.map((l) => Number(l.split(' ')[1]));
    assert.ok(second - first >= 4.5, `samples ${first} -> ${second}`);
    assert.match(text, /^1 \(\S+\) [A-Z] 0 /m); // a raw /proc/1/stat line
    assert.match(text, /^@io \d+ \d+ \d+$/m); // root reads every /proc/PID/io
  });

  it('keeps a host name with spaces whole (uname -a fields cannot carry it)', async (t) => {
    const spaced = 'web1 <img src=x onerror=alert(1)>';
    const host = await startReplayHost({ hostname: spaced, sshd: { address: '127.0.0.3' } });
    t.after(() => host.stop());
    const result = await snapshotHost(host.target, { outDir: tempDir(), formats: ['json'], ssh: host.sshOptions(), probes: [findProbe('uname')!] });
    assert.equal(result.hostname, spaced);
    const set = await readArchive(result.archive);
    assert.equal(set.manifest!.hostname, spaced);
  });

  it('names the archive safely after a hostile host name', async (t) => {
    // Path climbing, markup, a right-to-left override, non-ASCII, near the 64-byte limit.
    const hostile = `../../<script>é\u202e${'x'.repeat(40)}`;
    const host = await startReplayHost({ hostname: hostile, sshd: { address: '127.0.0.3' } });
    t.after(() => host.stop());
    const out = tempDir();
    const result = await snapshotHost(host.target, { outDir: out, formats: ['html', 'json'], ssh: host.sshOptions(), probes: [findProbe('uname')!] });
    assert.equal(result.hostname, hostile); // untrusted, kept as the host sent it (manifest, report)
    const names = readdirSync(out);
    assert.equal(names.length, 3);
    for (const name of names) {
      assert.match(name, /^script_x{40}-\d{8}T\d{6}Z\.(tar\.gz|html|json)$/, name);
    }
    const set = await readArchive(result.archive);
    assert.ok([...set.sources.values()].every((s) => s.origin.startsWith('raw/')));
  });
});
