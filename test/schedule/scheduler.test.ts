// hostsnap schedule for several cycles against real sshd hosts, one failing every other cycle: snapshots,
// retention, skipped overlapping runs, a new OOM as a trend, a --once beside a held lock, SIGTERM mid-run.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { listSnapshots } from '../../src/schedule/snapshots.js';
import { newOomFindings } from '../../src/trends/change-findings.js';
import { readSeries } from '../../src/trends/series.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { provokeMemcgOom } from '../helpers/memcg.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait.js';
import { processRunning } from '../helpers/sshd.js';
import { hostsnap, startFleet, type TestFleet } from './fleet-hosts.js';

const tempDir = tempDirs('hostsnap-schedule-');

/** Waits on the scheduler's log: resolves with every line once `done(lines)` holds; bounded by `ms`. */
function until(child: ChildProcess, lines: string[], done: (lines: string[]) => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!done(lines)) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve();
    };
    const timer = setTimeout(() => { child.stdout!.off('data', check); reject(new Error(`timed out waiting; log:\n${lines.join('\n')}`)); }, ms);
    child.stdout!.on('data', check);
    check();
  });
}

const runs = (lines: string[]): string[] => lines.filter((l) => / run: /.test(l));

describe('hostsnap schedule (2 sshd hosts, seconds-level cron)', { timeout: 420_000 }, () => {
  let fleet: TestFleet;
  let scheduler: ChildProcess | null = null;
  before(async () => {
    const home = tempDir();
    // flaky: its sessions alternate: the 1st, 3rd… exit at once (no collector runs), the others run it.
    const flip = join(home, 'flip.sh');
    writeFileSync(flip, `n=$(cat ${home}/count 2>/dev/null || echo 0); n=$((n + 1)); echo $n > ${home}/count\n[ $((n % 2)) -eq 1 ] && exit 1\nexec /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n`);
    fleet = await startFleet(home, [
      { address: '127.0.8.1', alias: 'steady' },
      { address: '127.0.8.2', alias: 'flaky', extraConfig: [`ForceCommand /bin/sh ${flip}`] },
    ]);
  });
  after(async () => {
    if (scheduler?.pid && processRunning(scheduler.pid)) scheduler.kill('SIGKILL');
    await fleet.stop();
  });

  it('collects on schedule, keeps 3, skips overlaps, survives the flaky host, and stops on SIGTERM with nothing half-written', async () => {
    const out = tempDir();
    const lines: string[] = [];
    scheduler = spawn(process.execPath, [repoPath('bin', 'hostsnap.js'), 'schedule', '-i', fleet.inventory, '--cron', '*/2 * * * * *',
      '--keep', '3', '--out', out, '--format', 'json,html', '--grace', '0', '--host-timeout', '90'],
    { env: { ...process.env, HOME: fleet.home, SSH_AUTH_SOCK: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    scheduler.stdout!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop()!;
      lines.push(...parts);
    });
    let stderr = '';
    scheduler.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => scheduler!.once('exit', (code) => resolve(code)));

    await until(scheduler, lines, (l) => runs(l).length >= 2, 180_000);
    // A real OOM between the 2nd and a later snapshot: the kernel log gains an event.
    const oom = await provokeMemcgOom();
    await until(scheduler, lines, (l) => runs(l).length >= 4, 180_000);

    const cycles = runs(lines).slice(0, 4);
    // One log line per run; flaky fails on the 1st and 3rd, steady never.
    assert.match(cycles[0], /run: 1 collected, 1 failed \(flaky: .+\), 0 skipped/);
    assert.match(cycles[1], /run: 2 collected, 0 failed, 0 skipped/);
    assert.match(cycles[2], /run: 1 collected, 1 failed \(flaky: /);
    assert.match(cycles[3], /run: 2 collected, 0 failed/);
    // A collection takes seconds; the cron fires every 2 s: ticks during a run are skipped, and said.
    assert.ok(lines.some((l) => /run skipped: the previous run is still going/.test(l)), lines.join('\n'));

    // SIGTERM while the next run is in flight (its lock is there): abandoned, nothing partial left.
    const steadyDir = join(out, 'steady');
    const flakyDir = join(out, 'flaky');
    await waitFor(() => existsSync(join(steadyDir, '.collecting')), { what: `the lock ${join(steadyDir, '.collecting')}`, timeoutMs: 60_000 });
    scheduler.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(lines.concat(partial).join('\n'), /stopped \(SIGTERM\): the run in flight was abandoned/);
    for (const dir of [out, steadyDir, flakyDir]) {
      for (const name of readdirSync(dir)) {
        assert.ok(!name.endsWith('.partial') && name !== '.collecting', `${dir}/${name} left behind`);
        if (name.endsWith('.json')) JSON.parse(readFileSync(join(dir, name), 'utf8'));
        if (name.endsWith('.tar.gz')) assert.ok((await readArchive(join(dir, name))).manifest, name);
      }
    }

    // Retention: 3 of steady's 4 or 5; flaky's successes (2nd and 4th run, maybe the 5th) kept.
    const steady = await listSnapshots(steadyDir);
    assert.equal(steady.length, 3, steady.map((s) => s.baseName).join(' '));
    const flaky = await listSnapshots(flakyDir);
    assert.ok(flaky.length >= 2 && flaky.length <= 3, flaky.map((s) => s.baseName).join(' '));

    // The OOM is new in one of steady's kept snapshots against the one before (the 2nd run's, or a later one).
    const points = await readSeries(steadyDir);
    const newAt = points.findIndex((p, i) => i > 0 && p.oomKeys.some((k) => k.endsWith(` ${oom.childPid}`)) && !points[i - 1].oomKeys.some((k) => k.endsWith(` ${oom.childPid}`)));
    assert.ok(newAt > 0, `pid ${oom.childPid} in ${points.map((p) => p.oomKeys.length)}`);
    const finding = newOomFindings(points.slice(0, newAt + 1))[0];
    assert.equal(finding?.id, 'trend-new-oom-events');
    assert.ok(finding.evidence.some((e) => e.text.endsWith(` ${oom.childPid}`)));

    // The history page and the fleet index that links it.
    const page = readFileSync(join(steadyDir, 'index.html'), 'utf8');
    assert.match(page, /<svg class="chart"/);
    assert.equal((page.match(/<tr class="sev-/g) ?? []).length, 3);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    assert.deepEqual(index.hosts.map((h: { input: string; history: string }) => [h.input, h.history]).sort(), [['flaky', 'flaky/index.html'], ['steady', 'steady/index.html']]);
    // Grouped by the inventory, as collect's index is (both hosts are in [fleet]).
    assert.deepEqual(index.hosts.map((h: { groups: string[] }) => h.groups), [['all', 'fleet'], ['all', 'fleet']]);

    // Another controller's --once while steady's lock is held by a live process: steady skipped, flaky collected.
    writeFileSync(join(steadyDir, '.collecting'), `${process.pid}\n`);
    const once = await hostsnap(['schedule', '--once', '-i', fleet.inventory, '--keep', '3', '--out', out, '--format', 'json'], fleet.home);
    assert.match(once.stdout, /run: \d collected, \d failed.*, 1 skipped \(steady: previous collection still going\)/, once.stdout + once.stderr);
    assert.equal(readFileSync(join(steadyDir, '.collecting'), 'utf8'), `${process.pid}\n`);
  });
});
