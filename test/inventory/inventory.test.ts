// Inventory readers and --limit: Ansible INI and YAML written as Ansible's docs show them, plain lists.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { hostConnection } from '../../src/inventory/connection.js';
import { selectHosts } from '../../src/inventory/limit.js';
import { detectFormat, parseInventory } from '../../src/inventory/load.js';

const INI = `# as in Ansible's "How to build your inventory"
mail.example.com
[webservers]
www[01:03].example.com ansible_user=deploy
bar.example.com:2222 ansible_become=true

[dbservers]
db-[a:b].example.com
[dbservers:vars]
ansible_user = dbadmin
[prod:children]
webservers
dbservers
[prod:vars]
ansible_user=produser
ansible_ssh_common_args='-o ProxyJump=ops@bastion:2022 -o StrictHostKeyChecking=no'
`;

const YAML = `all:
  hosts:
    mail.example.com:
  vars:
    ansible_user: everyone
  children:
    webservers:
      hosts:
        www[01:03].example.com:
          ansible_port: 2200
    prod:
      children:
        webservers:
      vars:
        ansible_become: yes
`;

describe('inventory readers', () => {
  it('reads Ansible INI: ranges, host:port, group vars below host vars, children', () => {
    const inv = parseInventory(INI, 'hosts.ini');
    assert.deepEqual(inv.hosts.map((h) => h.name), ['mail.example.com', 'www01.example.com', 'www02.example.com', 'www03.example.com', 'bar.example.com', 'db-a.example.com', 'db-b.example.com']);
    const www = inv.hosts[1];
    assert.equal(www.vars.ansible_user, 'deploy');
    const db = inv.hosts[5];
    // dbservers is a child of prod, so its vars win over prod's.
    assert.equal(db.vars.ansible_user, 'dbadmin');
    assert.deepEqual(inv.groups.get('ungrouped'), ['mail.example.com']);
    const bar = hostConnection(inv.hosts[4]);
    assert.deepEqual([bar.target, bar.sudo, bar.proxyJump], ['produser@bar.example.com:2222', true, 'ops@bastion:2022']);
    assert.deepEqual(bar.ignored, ['ansible_ssh_common_args -o StrictHostKeyChecking=no']);
  });

  it('reads Ansible YAML: the same groups and vars', () => {
    const inv = parseInventory(YAML, 'hosts.yml');
    assert.deepEqual(inv.groups.get('prod'), ['www01.example.com', 'www02.example.com', 'www03.example.com']);
    const conn = hostConnection(inv.hosts.find((h) => h.name === 'www02.example.com')!);
    assert.deepEqual([conn.target, conn.sudo], ['everyone@www02.example.com:2200', true]);
    assert.equal(hostConnection(inv.hosts[0]).sudo, false);
  });

  it('reads a plain list and names file and line of a bad entry', () => {
    assert.equal(detectFormat('fleet.txt', 'web1\nroot@10.0.0.5:2222 # db\n'), 'plain');
    assert.deepEqual(parseInventory('web1\n# x\nroot@10.0.0.5:2222 # db\n', 'f').hosts.map((h) => h.name), ['web1', 'root@10.0.0.5:2222']);
    assert.throws(() => parseInventory('web1\nbad;host\n', 'fleet.txt'), (e: unknown) => e instanceof UsageError && /fleet\.txt:2:/.test(e.message));
    assert.throws(() => parseInventory('[web\nx\n', 'h.ini'), (e: unknown) => e instanceof UsageError && /h\.ini:1: bad section/.test(e.message));
    assert.throws(() => parseInventory('all:\n  hostz:\n', 'h.yml'), (e: unknown) => e instanceof UsageError && /h\.yml:2: unknown key 'hostz'/.test(e.message));
    assert.throws(() => parseInventory('[w]\nweb[9:1]\n', 'h.ini'), /h\.ini:2: bad host range/);
  });
});

describe('--limit', () => {
  const inv = parseInventory(INI, 'hosts.ini');
  const cases: Array<[string, string[]]> = [
    ['webservers', ['www01.example.com', 'www02.example.com', 'www03.example.com', 'bar.example.com']],
    ['dbservers:mail.example.com', ['mail.example.com', 'db-a.example.com', 'db-b.example.com']],
    ['prod:&www*', ['www01.example.com', 'www02.example.com', 'www03.example.com']],
    ['prod:!webservers', ['db-a.example.com', 'db-b.example.com']],
    ['!www0*,all', ['mail.example.com', 'bar.example.com', 'db-a.example.com', 'db-b.example.com']],
    ['~^db-', ['db-a.example.com', 'db-b.example.com']],
    ['db*', ['db-a.example.com', 'db-b.example.com']],
  ];
  for (const [pattern, expected] of cases) it(pattern, () => assert.deepEqual(selectHosts(inv, pattern), expected));

  it('@FILE: one host a line; nothing selected is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostsnap-limit-'));
    try {
      writeFileSync(join(dir, 'failed.txt'), 'www02.example.com\nbar.example.com\n');
      assert.deepEqual(selectHosts(inv, `@${join(dir, 'failed.txt')}`), ['www02.example.com', 'bar.example.com']);
      assert.throws(() => selectHosts(inv, 'nosuch'), UsageError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
