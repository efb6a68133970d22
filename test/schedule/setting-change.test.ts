// A setting that really changes between scheduled cycles, and SIGINT to a real scheduler mid-run, on one
// sshd host whose /proc/sys/vm/swappiness is a file bind-mounted over it (as LXCFS presents a container's).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { changedSettingFindings } from '../../src/trends/change-findings.js';
import { readSeries } from '../../src/trends/series.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { mountOver } from '../helpers/mount-over.js';
import { repoPath } from '../helpers/paths.js';
import { processRunning } from '../helpers/sshd.js';
import { hostsnap, startFleet, type TestFleet } from './fleet-hosts.js';
import { waitFor } from '../helpers/wait.js';

const tempDir = tempDirs('hostsnap-setting-');
const KNOB = '/proc/sys/vm/swappiness';

describe('schedule on a host whose vm.swappiness is a bind-mounted file', { timeout: 300_000 }, () => {
  let fleet: TestFleet;
  /** The file the host reads as /proc/sys/vm/swappiness: rewritten in place (same inode) to change the setting. */
  let knob: string;
  let original: string;
  before(async () => {
    const home = tempDir();
    const scratch = join(home, 'mounts');
    mkdirSync(scratch);
    // The host starts with this machine's own value; only the host's mount namespace ever sees the copy.
    original = readFileSync(KNOB, 'utf8').trim();
    fleet = await startFleet(home, [{ address: '127.0.8.21', alias: 'lxc', wrap: mountOver(scratch, { [KNOB]: `${original}\n` }) }]);
    const copies = readdirSync(scratch).filter((n) => n.startsWith('mounted-'));
    assert.equal(copies.length, 1, copies.join(' '));
    knob = join(scratch, copies[0]);
  });
  after(async () => { await fleet?.stop(); });

  const once = async (out: string): Promise<void> => {
    const run = await hostsnap(['schedule', '--once', '-i', fleet.inventory, '--keep', '10', '--out', out, '--format', 'json'], fleet.home);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /run: 1 collected, 0 failed/);
  };

  it('a change between two cycles names the setting, both values and both snapshot times; an unchanged pair gives none', async () => {
    const out = tempDir();
    const changed = String((Number(original) + 37) % 200);
    await once(out);
    writeFileSync(knob, `${changed}\n`);
    await once(out);
    await once(out);
    const dir = join(out, 'lxc');
    const points = await readSeries(dir);
    assert.equal(points.length, 3);
    // The host's real sysctl read the bind-mounted file: the archives say so, not only the points.
    const raws = [];
    for (const p of points) raws.push((await readArchive(join(dir, `${p.baseName}.tar.gz`))).sources.get('sysctl')?.text ?? '');
    assert.deepEqual(raws.map((t) => /^vm\.swappiness = (\d+)$/m.exec(t)?.[1]), [original, changed, changed]);

    const [finding, ...rest] = changedSettingFindings(points.slice(0, 2));
    assert.equal(rest.length, 0);
    assert.equal(finding.id, 'trend-setting-changed');
    assert.match(finding.summary, /^1 setting changed between /);
    assert.ok(finding.summary.includes(`between ${points[0].at} and ${points[1].at}: vm.swappiness.`), finding.summary);
    assert.ok(Date.parse(points[0].at) < Date.parse(points[1].at));
    assert.deepEqual(finding.evidence.map((e) => e.text), [`vm.swappiness: ${original} -> ${changed}`]);
    // Cycles 2 and 3 read the same value: nothing fires, and the history (newest pair) is quiet too.
    assert.deepEqual(changedSettingFindings(points.slice(1)), []);
    for (const page of ['index.html', 'index.md']) assert.doesNotMatch(readFileSync(join(dir, page), 'utf8'), /vm\.swappiness/, page);
  });

  it('SIGINT mid-run: the scheduler stops, abandons the run in flight, and leaves nothing half-written under a final name', async () => {
    const out = tempDir();
    const scheduler = spawn(process.execPath, [repoPath('bin', 'hostsnap.js'), 'schedule', '-i', fleet.inventory, '--cron', '* * * * * *',
      '--keep', '3', '--out', out, '--format', 'json,html,md', '--grace', '0'],
    { env: { ...process.env, HOME: fleet.home, SSH_AUTH_SOCK: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stdout = '';
      let stderr = '';
      scheduler.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      scheduler.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => scheduler.once('exit', (code, signal) => resolve({ code, signal })));
      const dir = join(out, 'lxc');
      // In flight: the host's lock is taken and its collection is under way.
      await waitFor(() => existsSync(join(dir, '.collecting')), { what: 'the host\'s lock .collecting', timeoutMs: 60_000 });
      scheduler.kill('SIGINT');
      const { code, signal } = await exited;
      // Handled, not killed by the signal: exit 0 and the scheduler's own last line.
      assert.deepEqual({ code, signal }, { code: 0, signal: null }, stderr);
      assert.match(stdout, /stopped \(SIGINT\): the run in flight was abandoned after 0 s/);
      for (const folder of [out, dir]) {
        for (const name of readdirSync(folder)) {
          assert.ok(!name.endsWith('.partial') && name !== '.collecting' && !name.startsWith('.collecting.'), `${folder}/${name} left behind`);
          if (name.endsWith('.json')) JSON.parse(readFileSync(join(folder, name), 'utf8'));
          if (name.endsWith('.tar.gz')) assert.ok((await readArchive(join(folder, name))).manifest, name);
        }
      }
    } finally {
      if (scheduler.pid !== undefined && processRunning(scheduler.pid)) scheduler.kill('SIGKILL');
    }
  });
});
