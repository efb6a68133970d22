// sysctl parser: procps-ng 4.0.2 and busybox 1.35 on 6.18, CentOS 7.7 (3.10) and Ubuntu 18.04 (4.15).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sysctl } from '../../src/parsers/sysctl.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/sysctl', name), 'utf8');

const cases = [
  { file: 'debian12-6.18-x86_64.txt', keys: 1302, values: { 'vm.swappiness': '60', 'vm.vfs_cache_pressure': '100',
    'vm.min_free_kbytes': '67584', 'vm.lowmem_reserve_ratio': '256\t256\t32\t0\t0', 'kernel.core_modes': 'file\npipe\nsocket' } },
  { file: 'busybox-1.35.0-6.18.txt', keys: 1322, values: { 'vm.swappiness': '60', 'vm.lowmem_reserve_ratio': '256\t256\t32\t0\t0' } },
  { file: 'jc-centos-7.7-sysctl-a.txt', keys: 895, values: { 'vm.swappiness': '30', 'vm.min_free_kbytes': '67584',
    'vm.lowmem_reserve_ratio': '256\t256\t32', 'kernel.printk': '4\t4\t1\t7' } },
  { file: 'jc-ubuntu-18.04-sysctl-a.txt', keys: 855, values: { 'vm.swappiness': '60', 'vm.min_free_kbytes': '45056',
    'vm.lowmem_reserve_ratio': '256\t256\t32\t1' } },
];

for (const c of cases) {
  test(`sysctl reads ${c.file}`, () => {
    const result = sysctl.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result).slice(0, 300));
    assert.equal(Object.keys(result.facts.values).length, c.keys);
    for (const [key, value] of Object.entries(c.values)) assert.equal(result.facts.values[key], value, key);
  });
}

test('sysctl joins the lines of a multi-line file (dev.cdrom.info, 24 lines on CentOS 7.7)', () => {
  const result = sysctl.run(fixture('jc-centos-7.7-sysctl-a.txt'));
  assert.ok(result.ok);
  const info = result.facts.values['dev.cdrom.info'].split('\n');
  assert.equal(info.length, 24);
  assert.equal(info[0], 'CD-ROM information, Id: cdrom.c 3.20 2003/12/17');
});

test('sysctl skips stderr lines pasted among the values', () => {
  const result = sysctl.run("sysctl: permission denied on key 'fs.protected_fifos'\nvm.swappiness = 10\n");
  assert.ok(result.ok);
  assert.deepEqual(Object.keys(result.facts.values), ['vm.swappiness']);
});

for (const [name, text] of [['empty', ''], ['garbage', '= = =\n'], ['os-release', 'ID=debian\n']]) {
  test(`sysctl: ${name} is unparsed with a reason`, () => {
    const result = sysctl.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
