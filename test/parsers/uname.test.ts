// uname parser: coreutils (Debian, Ubuntu, CentOS), busybox, setarch i686 and Red Hat's "i686 i686 i386".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bitsOfMachine, uname, type UnameFacts } from '../../src/parsers/uname.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/uname', name), 'utf8');

const vm = { kernelName: 'Linux', nodename: 'vm', release: '6.18.44-fc-v782', version: '#1 SMP PREEMPT_DYNAMIC @0',
  processor: null, hardwarePlatform: null, operatingSystem: 'GNU/Linux' };
const cases: Array<{ file: string; expect: UnameFacts }> = [
  { file: 'debian12-6.18-x86_64.txt', expect: { ...vm, machine: 'x86_64', bits: 64 } },
  { file: 'busybox-1.35.0-6.18-x86_64.txt', expect: { ...vm, machine: 'x86_64', bits: 64 } },
  { file: 'debian12-6.18-setarch-i686.txt', expect: { ...vm, machine: 'i686', bits: 32 } },
  { file: 'jc-generic-uname-a-different-proc.txt', expect: { kernelName: 'Linux', nodename: 'mymachine', release: '2.6.18-194.e15PAE',
    version: '#1 SMP Fri Apr 2 15:37:44 EDT 2010', machine: 'i686', bits: 32, processor: 'i686', hardwarePlatform: 'i386', operatingSystem: 'GNU/Linux' } },
  { file: 'jc-centos-7.7-uname-a.txt', expect: { kernelName: 'Linux', nodename: 'localhost.localdomain', release: '3.10.0-1062.1.2.el7.x86_64',
    version: '#1 SMP Mon Sep 30 14:19:46 UTC 2019', machine: 'x86_64', bits: 64, processor: 'x86_64', hardwarePlatform: 'x86_64', operatingSystem: 'GNU/Linux' } },
  { file: 'jc-debian10-uname-a.txt', expect: { kernelName: 'Linux', nodename: 'debian', release: '5.7.0-2-amd64',
    version: '#1 SMP Debian 5.7.10-1 (2020-07-26)', machine: 'x86_64', bits: 64, processor: null, hardwarePlatform: null, operatingSystem: 'GNU/Linux' } },
  { file: 'jc-generic-uname-a.txt', expect: { kernelName: 'Linux', nodename: 'host.example.com', release: '4.19.0-17-amd64',
    version: '#1 SMP Debian 4.19.194-3 (2021-07-18)', machine: 'x86_64', bits: 64, processor: null, hardwarePlatform: null, operatingSystem: 'GNU/Linux' } },
  { file: 'jc-ubuntu-18.04-uname-a.txt', expect: { kernelName: 'Linux', nodename: 'kbrazil-ubuntu', release: '4.15.0-65-generic',
    version: '#74-Ubuntu SMP Tue Sep 17 17:06:04 UTC 2019', machine: 'x86_64', bits: 64, processor: 'x86_64', hardwarePlatform: 'x86_64', operatingSystem: 'GNU/Linux' } },
];

for (const c of cases) {
  test(`uname reads ${c.file}`, () => {
    const result = uname.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.facts, c.expect);
  });
}

test('uname reads the three words of uname -srm (the pidstat banner of the headline incident names 2.6.39-linode33 i686)', () => {
  const result = uname.run('Linux 2.6.39-linode33 i686\n');
  assert.ok(result.ok);
  assert.equal(result.facts.release, '2.6.39-linode33');
  assert.equal(result.facts.machine, 'i686');
  assert.equal(result.facts.bits, 32);
  assert.equal(result.facts.nodename, null);
});

const bits: Array<[string, 32 | 64 | null]> = [
  ['i386', 32], ['i486', 32], ['i586', 32], ['i686', 32], ['armv7l', 32], ['armv8l', 32],
  ['x86_64', 64], ['aarch64', 64], ['ppc64le', 64], ['s390x', 64], ['riscv64', 64], ['vax', null],
];
for (const [machine, expected] of bits) {
  test(`bitsOfMachine(${machine}) is ${expected}`, () => assert.equal(bitsOfMachine(machine), expected));
}

test('uname: plain `uname` (kernel name only) is unparsed and says why', () => {
  const result = uname.run(fixture('jc-centos-7.7-uname.txt'));
  assert.ok(!result.ok);
  assert.match(result.reason, /only the kernel name/);
});

for (const [name, text] of [['empty', ''], ['garbage', '!!! ???\n'], ['os-release', 'NAME="Debian GNU/Linux"\n'], ['a cut line', 'Linux vm 6.18.44\n']]) {
  test(`uname: ${name} is unparsed with a reason`, () => {
    const result = uname.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
