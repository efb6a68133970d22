// osrelease parser: /etc/os-release of Debian 12, CentOS 7, Ubuntu 18.04 and CentOS 6's redhat-release line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { osrelease } from '../../src/parsers/osrelease.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/os-release', name), 'utf8');

const cases = [
  { file: 'debian12.txt', count: 9, prettyName: 'Debian GNU/Linux 12 (bookworm)', id: 'debian', versionId: '12',
    fields: { VERSION_CODENAME: 'bookworm', HOME_URL: 'https://www.debian.org/' } },
  { file: 'jc-generic-os-release-centos.txt', count: 14, prettyName: 'CentOS Linux 7 (Core)', id: 'centos', versionId: '7',
    fields: { ID_LIKE: 'rhel fedora', CPE_NAME: 'cpe:/o:centos:centos:7', REDHAT_SUPPORT_PRODUCT_VERSION: '7' } },
  { file: 'jc-generic-os-release-ubuntu.txt', count: 12, prettyName: 'Ubuntu 18.04.5 LTS', id: 'ubuntu', versionId: '18.04',
    fields: { ID_LIKE: 'debian', UBUNTU_CODENAME: 'bionic', VERSION: '18.04.5 LTS (Bionic Beaver)' } },
];

for (const c of cases) {
  test(`osrelease reads ${c.file}`, () => {
    const result = osrelease.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result));
    const { facts } = result;
    assert.equal(facts.format, 'os-release');
    assert.equal(Object.keys(facts.fields).length, c.count);
    assert.equal(facts.prettyName, c.prettyName);
    assert.equal(facts.id, c.id);
    assert.equal(facts.versionId, c.versionId);
    for (const [key, value] of Object.entries(c.fields)) assert.equal(facts.fields[key], value, key);
  });
}

test('osrelease reads a redhat-release one-liner (CentOS 6.9)', () => {
  const result = osrelease.run(fixture('centos-6.9-redhat-release.txt'));
  assert.ok(result.ok);
  assert.deepEqual({ ...result.facts, fields: { ...result.facts.fields } },
    { fields: {}, prettyName: 'CentOS release 6.9 (Final)', id: 'centos', versionId: '6.9', format: 'release-line' });
});

test('osrelease skips comments and undoes escapes inside double quotes', () => {
  const result = osrelease.run('# written by hand\nNAME="A \\"quoted\\" name"\nID=\'x\'\n');
  assert.ok(result.ok);
  assert.equal(result.facts.fields.NAME, 'A "quoted" name');
  assert.equal(result.facts.id, 'x');
  assert.equal(result.facts.fields['# written by hand'], undefined);
});

for (const [name, text] of [['empty', ''], ['garbage', 'lorem ipsum\n'], ['sysctl', 'vm.swappiness = 60\n']]) {
  test(`osrelease: ${name} is unparsed with a reason`, () => {
    const result = osrelease.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
