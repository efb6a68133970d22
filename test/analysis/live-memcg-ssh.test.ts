// Live: the kernel OOM-kills a process in a small memory cgroup; hostsnap snapshots the host over
// real SSH (OpenSSH sshd on 127.0.0.4) and its analysis names that cgroup, its limit and the victim.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import type { ClassifiedOomEvent } from '../../src/analysis/types.js';
import { readInput } from '../../src/archive/input.js';
import { snapshotHost } from '../../src/pipeline/snapshot.js';
import { provokeMemcgOom } from '../helpers/memcg.js';
import { startSshd } from '../helpers/sshd.js';

const LIMIT_MIB = 32;
const out = mkdtempSync(join(tmpdir(), 'hostsnap-live-memcg-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('a live memcg OOM, snapshot over ssh: memcg-oom names the cgroup, its limit and the killed pid', { timeout: 120_000 }, async () => {
  const oom = await provokeMemcgOom(LIMIT_MIB);
  assert.equal(oom.signal, 'SIGKILL', 'the kernel killed the child');
  const host = await startSshd({ address: '127.0.0.4' });
  try {
    const result = await snapshotHost(host.target, { outDir: out, formats: ['json'], ssh: host.sshOptions() });
    assert.equal(result.analysis.input.manifest?.transport, 'ssh');
    for (const analysis of [result.analysis, analyze(await readInput(result.archive))]) {
      const events = analysis.document.oomEvents as ClassifiedOomEvent[];
      const ours = events.find((e) => e.memcg === oom.cgroup);
      assert.ok(ours, `an OOM event of ${oom.cgroup} among ${events.map((e) => e.memcg).join(', ')}`);
      assert.equal(ours.constraint, 'memcg');
      assert.equal(ours.cause, 'memcg_limit');
      assert.deepEqual(ours.killed.map((k) => k.pid), [oom.childPid]);
      assert.equal(ours.memcgCounters.memory?.limitKb, LIMIT_MIB * 1024);

      const finding = analysis.document.findings.find((f) => f.id === 'memcg-oom' && f.summary.includes(oom.cgroup));
      assert.ok(finding, 'a memcg-oom finding for the cgroup');
      assert.equal(finding.severity, 'warning');
      assert.ok(finding.summary.includes(`limit of ${(LIMIT_MIB * 1024).toLocaleString('en-US')} kB`), finding.summary);
      assert.ok(finding.summary.includes(`(pid ${oom.childPid})`), finding.summary);
      assert.ok(finding.evidence.some((e) => e.text.includes(`Killed process ${oom.childPid}`)));
    }
  } finally {
    await host.stop();
  }
});
