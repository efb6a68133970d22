// mountinfo parser: /proc/self/mountinfo of 5.x (optional fields) and 6.18 (a path with spaces).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mountinfo } from '../../src/parsers/mountinfo.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/proc-mountinfo', name), 'utf8');

const cases = [
  { file: 'jc-linux-proc-pid_mountinfo.txt', count: 46, check: {
    mountId: 24, parentId: 30, major: 0, minor: 22, root: '/', mountPoint: '/sys', options: 'rw,nosuid,nodev,noexec,relatime',
    optionalFields: ['master:1', 'shared:7'], fsType: 'sysfs', source: 'sysfs', superOptions: 'rw' } },
  { file: 'debian12-6.18-x86_64.txt', count: 20, check: {
    mountId: 21, parentId: 26, major: 0, minor: 20, root: '/', mountPoint: '/proc', options: 'rw,relatime',
    optionalFields: [], fsType: 'proc', source: 'proc', superOptions: 'rw' } },
  { file: 'debian12-6.18-x86_64-space-in-path.txt', count: 21, check: {
    mountId: 42, parentId: 41, major: 254, minor: 0, root: '/', mountPoint: '/', options: 'rw,relatime',
    optionalFields: [], fsType: 'ext4', source: '/dev/vda', superOptions: 'rw,discard,resv_strict,resuid=65534,resgid=65534' } },
];

for (const c of cases) {
  test(`mountinfo reads ${c.file}`, () => {
    const result = mountinfo.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.facts.mounts.length, c.count);
    assert.deepEqual(result.facts.mounts[0], c.check);
  });
}

test('mountinfo decodes \\040 in mount points and sources', () => {
  const result = mountinfo.run(fixture('debian12-6.18-x86_64-space-in-path.txt'));
  assert.ok(result.ok);
  const mount = result.facts.mounts.find((m) => m.mountId === 62);
  assert.deepEqual(mount && [mount.major, mount.minor, mount.mountPoint, mount.source, mount.fsType], [0, 38, '/tmp/hostsnap dir', 'tmp fs', 'tmpfs']);
});

test('mountinfo maps a loop device major:minor to its snap mount (5.x)', () => {
  const result = mountinfo.run(fixture('jc-linux-proc-pid_mountinfo.txt'));
  assert.ok(result.ok);
  const mount = result.facts.mounts.find((m) => m.major === 7 && m.minor === 0);
  assert.equal(mount?.mountPoint, '/snap/core18/2538');
  assert.deepEqual(mount?.optionalFields, ['shared:71']);
});

for (const [name, text] of [['empty', ''], ['garbage', 'a b c d e f - g\n'], ['swaps', 'Filename\tType\tSize\tUsed\tPriority\n']]) {
  test(`mountinfo: ${name} is unparsed with a reason`, () => {
    const result = mountinfo.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
