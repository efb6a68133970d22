// A value learnt only from a later host survives in an earlier host's files: the run fails, names
// the file and the kind (never the value), and leaves nothing under a final name.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { runCli } from '../faults/hostsnap-cli.js';
import { runAs, startFleet, writeInventory, type FleetHost } from './fleet.js';

const tempDir = tempDirs('hostsnap-obfuscate-survivor-');
// Only the second host's own name (its uname -n): unknown until that host is collected.
const PLANTED = 'plover-uts-late';

describe('collect --obfuscate with a planted survivor', { timeout: 180_000 }, () => {
  let fleet: FleetHost[] = [];
  let planted: ChildProcess | undefined;
  before(async () => {
    // A process whose arguments name the second host: in the first host's ps, collected first.
    planted = await runAs({ uid: 0, gid: 0 }, `/srv/${PLANTED}/job.sh`);
    fleet = await startFleet([
      { name: 'sandpiper', uts: 'sandpiper-uts', address: '127.0.13.12' },
      { name: 'plover', uts: PLANTED, address: '127.0.13.13' },
    ]);
  });
  after(async () => {
    if (planted?.pid !== undefined && planted.exitCode === null) process.kill(planted.pid, 'SIGKILL');
    for (const f of fleet) await f.host.stop();
  });

  it('fails the run, says file and kind, writes nothing under a final name', async () => {
    const dir = tempDir();
    const { inventory, home } = writeInventory(dir, fleet);
    const out = tempDir();
    const state = tempDir();
    // One host at a time, in inventory order: sandpiper is written before plover's name is known.
    const run = await runCli(home, ['collect', '-i', inventory, '--out', out, '--format', 'json,md', '--obfuscate', '--concurrency', '1'],
      { XDG_STATE_HOME: state }).done;
    assert.equal(run.code, 4, run.stdout + run.stderr);
    assert.match(run.stderr, /original values survived, nothing was written: h\d+x*-\d{8}T\d{6}Z\.(tar\.gz|json|md): a host at character \d+/);
    assert.ok(!run.stderr.includes(PLANTED), 'stderr names the kind, not the value');
    assert.deepEqual(readdirSync(out), [], 'no file under a final name, no stage left');
    // The mapping stays (private), so the value can be found by who may see it.
    const mapping = readdirSync(`${state}/hostsnap/obfuscation`);
    assert.equal(mapping.length, 1);
    assert.ok(readFileSync(`${state}/hostsnap/obfuscation/${mapping[0]}`, 'utf8').includes(PLANTED));
    assert.ok(existsSync(out));
  });
});
