// schedule --obfuscate, two --once cycles over a real sshd host: one stand-in for the host in both
// (one history folder, two snapshots), its mapping private and outside --out, no original in any byte.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listSnapshots } from '../../src/schedule/snapshots.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { startFleet, writeInventory, writtenFiles, type FleetHost } from '../obfuscate/fleet.js';
import { hostsnap } from './fleet-hosts.js';

const tempDir = tempDirs('hostsnap-schedule-obfuscate-');
const NAME = 'kite-sched';
const UTS = 'harrier-sched';
const ADDRESS = '127.0.21.4';

describe('schedule --obfuscate', { timeout: 300_000 }, () => {
  let fleet: FleetHost[];
  before(async () => {
    fleet = await startFleet([{ name: NAME, uts: UTS, address: ADDRESS }]);
  });
  after(async () => {
    for (const f of fleet ?? []) await f.host.stop();
  });

  it('two --once cycles: the same stand-in, one history, a private mapping outside --out, no original written', async () => {
    const { inventory, home } = writeInventory(tempDir(), fleet);
    const out = tempDir();
    const args = ['schedule', '--inventory', inventory, '--once', '--keep', '5', '--out', out, '--obfuscate', '--format', 'html,md,json'];
    const first = await hostsnap(args, home);
    assert.equal(first.code, 0, first.stderr);
    const second = await hostsnap(args, home);
    assert.equal(second.code, 0, second.stderr);
    const mappingPath = /kept for every cycle\): (\S+)$/m.exec(first.stdout)?.[1];
    assert.ok(mappingPath, first.stdout);
    assert.ok(second.stdout.includes(mappingPath), 'the second cycle uses the same mapping');
    assert.ok(mappingPath.startsWith(join(home, '.local', 'state', 'hostsnap', 'obfuscation')), mappingPath);
    assert.equal(statSync(mappingPath).mode & 0o777, 0o600);

    const mapping = JSON.parse(readFileSync(mappingPath, 'utf8')) as { entries: Array<{ kind: string; original: string; standIn: string }> };
    const standIn = mapping.entries.find((e) => e.kind === 'host' && e.original === NAME)!.standIn;
    assert.equal(standIn.length, NAME.length);
    const folders = readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
    assert.deepEqual(folders, [standIn]);
    const snapshots = await listSnapshots(join(out, standIn));
    assert.equal(snapshots.length, 2, 'both cycles in the one history folder');
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { hosts: Array<{ input: string; history?: string; groups: string[] }> };
    assert.deepEqual(index.hosts.map((h) => [h.input, h.history]), [[standIn, join(standIn, 'index.html')]]);
    // The index groups the host by its inventory group, named by the group's stand-in.
    const group = mapping.entries.find((e) => e.kind === 'group' && e.original === 'birds')?.standIn;
    assert.ok(group && index.hosts[0].groups.includes(group), JSON.stringify(index.hosts[0].groups));
    assert.equal(JSON.parse(readFileSync(join(out, standIn, 'last-run.json'), 'utf8')).host, standIn);

    // Without --obfuscate on that --out: refused before anything is collected.
    const plain = await hostsnap(args.filter((a) => a !== '--obfuscate'), home);
    assert.equal(plain.code, 2, plain.stderr);
    assert.match(plain.stderr, /was written with --obfuscate: without it, original names would be written beside the stand-ins/);

    // Every byte: names of files included, archives unpacked.
    const originals = [NAME, UTS, ADDRESS, 'birds'];
    for (const [path, data] of writtenFiles(out)) {
      for (const value of originals) assert.ok(!path.includes(value) && !data.includes(value), `${value} in ${path}`);
    }
  });

  it('refuses --obfuscate on an --out holding history by original names, and with --shard', async () => {
    const { inventory, home } = writeInventory(tempDir(), fleet);
    const out = tempDir();
    mkdirSync(join(out, NAME));
    const mixed = await hostsnap(['schedule', '--inventory', inventory, '--once', '--keep', '5', '--out', out, '--obfuscate'], home);
    assert.equal(mixed.code, 2, mixed.stderr);
    assert.match(mixed.stderr, /--obfuscate needs an --out of its own: .* holds history written without it/);
    const sharded = await hostsnap(['schedule', '--inventory', inventory, '--once', '--keep', '5', '--out', tempDir(), '--obfuscate', '--shard', '0/2'], home);
    assert.equal(sharded.code, 2, sharded.stderr);
    assert.match(sharded.stderr, /--obfuscate cannot be used with --shard/);
  });
});
