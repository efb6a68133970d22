// A real hostsnap SIGKILLed mid-write leaves its hidden temporary archive (named with its pid);
// the next hostsnap writing into that --out removes it, and only it: live writers' files, other
// namespaces' and foreign hidden files stay.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait.js';
import { runCli } from './hostsnap-cli.js';

const tempDir = tempDirs('hostsnap-stale-temps-');

/** `.NAME.tar.gz.hsPIDnNSrXXXXXXXX.partial` of process `pid`. */
const archiveTempOf = (pid: number): RegExp => new RegExp(`^\\..+\\.tar\\.gz\\.hs${pid}n\\d+r[0-9a-f]{8}\\.partial$`);

/**
 * `hostsnap snapshot` (this machine, no SSH) stopped (SIGSTOP) as its archive's temporary file
 * appears, then SIGKILLed while that file is still there: mid-write for certain. When the
 * archive was already under its final name at the stop (the writer won the race), the run is let
 * finish and tried again: at most 3 times.
 */
async function killedMidWrite(): Promise<{ out: string; pid: number; left: string[] }> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const out = tempDir();
    const cli = runCli(tempDir(), ['snapshot', '--out', out, '--format', 'json']);
    const pid = cli.child.pid!;
    let stopped = false;
    const watcher = watch(out, (_event, name) => {
      if (!stopped && name !== null && archiveTempOf(pid).test(name)) {
        process.kill(pid, 'SIGSTOP');
        stopped = true;
      }
    });
    try {
      await waitFor(() => stopped || cli.child.exitCode !== null, { what: 'the archive\'s temporary file', timeoutMs: 120_000 });
    } finally {
      watcher.close();
    }
    const left = readdirSync(out).filter((n) => archiveTempOf(pid).test(n));
    const finals = readdirSync(out).filter((n) => n.endsWith('.tar.gz'));
    if (stopped && left.length > 0 && finals.length === 0) {
      process.kill(pid, 'SIGKILL');
      const run = await cli.done;
      assert.equal(run.signal, 'SIGKILL');
      return { out, pid, left };
    }
    if (stopped) process.kill(pid, 'SIGCONT');
    await cli.done;
  }
  assert.fail('the archive was under its final name at each of 3 stops');
}

describe('stale temporary files of a SIGKILLed hostsnap', { timeout: 400_000 }, () => {
  it('the next run into --out removes the dead writer\'s, and keeps every other hidden file', async () => {
    const { out, pid, left } = await killedMidWrite();
    assert.ok(!existsSync(`/proc/${pid}`), 'the killed writer is gone');
    // Planted beside it: a live writer's (this test's own pid), a dead pid of another pid
    // namespace, an older hostsnap's fixed name, and a name that only looks alike.
    const ns = left[0].match(/n(\d+)r/)![1];
    const kept = [
      `.web1-20261201T080410Z.tar.gz.hs${process.pid}n${ns}r0a1b2c3d.partial`,
      `.web2-20261201T080410Z.tar.gz.hs${pid}n1r0a1b2c3d.partial`,
      '.web3-20261201T080410Z.tar.gz.partial',
      `.web4.hs${pid}n${ns}r0a1b2c3.partial`,
      'notes.txt',
    ];
    for (const name of kept) writeFileSync(join(out, name), 'planted\n');
    // An --obfuscate stage is a folder named the same way (never verified when its run was killed).
    const deadStage = `.hostsnap-obfuscating.hs${pid}n${ns}rdeadbeef.partial`;
    const liveStage = `.hostsnap-obfuscating.hs${process.pid}n${ns}rfeedf00d.partial`;
    for (const stage of [deadStage, liveStage]) {
      mkdirSync(join(out, stage));
      writeFileSync(join(out, stage, 'h1xxx-20261201T080410Z.md'), 'staged\n');
    }
    kept.push(liveStage);
    left.push(deadStage);
    const before = readdirSync(out);
    // Another hostsnap writing into the same --out: `analyze --out` of an archive (a report only).
    const run = await runCli(tempDir(), ['analyze', repoPath('test', 'fixtures', 'trends', 'flat', 'vm-20261201T040303Z.tar.gz'), '--out', out, '--format', 'json']).done;
    assert.equal(run.code, 0, run.stderr);
    const after = readdirSync(out);
    for (const name of left) assert.ok(!after.includes(name), `${name} (the dead writer's) is still there`);
    for (const name of kept) assert.ok(after.includes(name), `${name} was removed`);
    assert.deepEqual(after.filter((n) => !before.includes(n)), ['vm-vm-20261201T040303Z.json']);
    assert.equal(after.filter((n) => n.endsWith('.partial')).length, kept.length - 1); // notes.txt is not one
  });
});
