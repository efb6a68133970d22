// MAJ:MIN of a writeback thread to words: the mount from mountinfo, else what the major means.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readInput } from '../../src/archive/input.js';
import { buildFacts } from '../../src/facts/build.js';
import { nameDevice } from '../../src/facts/devices.js';
import { incidentPath, repoPath } from '../helpers/paths.js';

test('with mountinfo (this machine): 254:0 is / on ext4 /dev/vda', async () => {
  const facts = buildFacts(await readInput(repoPath('test', 'fixtures', 'hosts', 'debian12-x86_64-healthy')));
  const dev = nameDevice(facts, 254, 0);
  assert.equal(dev.id, '254:0');
  assert.equal(dev.mount, '/ (ext4 /dev/vda)');
  assert.match(dev.kind, /device-mapper|virtio/);
});

test('without mountinfo (the 2011 paste): 0:17 is an anonymous device, the mount unknown', async () => {
  const facts = buildFacts(await readInput(incidentPath));
  const dev = nameDevice(facts, 0, 17);
  assert.equal(dev.mount, null);
  assert.match(dev.kind, /anonymous device \(major 0: NFS/);
});
