// Include as ssh reads it: globs in any part of the path, inside a Host block, then back to that block; ssh -G is the oracle.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveTarget } from '../../src/transport/ssh-config.js';

function sshG(file: string, alias: string): Record<string, string> {
  const out = execFileSync('ssh', ['-G', '-F', file, alias], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

describe('ssh_config Include', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hostsnap-include-'));
    for (const team of ['team-a', 'team-b']) mkdirSync(join(dir, team));
    writeFileSync(join(dir, 'team-a', 'hosts.conf'), 'Host alpha\n  HostName 10.0.0.1\n  Port 2201\n');
    writeFileSync(join(dir, 'team-b', 'hosts.conf'), 'Host beta\n  HostName 10.0.0.2\nHost gamma\n  User gammauser\n');
    writeFileSync(join(dir, 'inner.conf'), 'Port 2300\nHost zeta\n  Port 2400\n');
    file = join(dir, 'config');
    writeFileSync(file, [
      `Include ${dir}/team-*/hosts.conf`,
      'Host web',
      '  HostName 10.1.1.1',
      `  Include ${dir}/inner.conf`,
      '  # after the Include: still web\'s block, not zeta\'s',
      '  User webuser',
      'Host *',
      '  User everyone',
      '',
    ].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const alias of ['alpha', 'beta', 'gamma', 'web', 'zeta', 'other']) {
    it(`${alias}: host, port and user as ssh -G says`, () => {
      const g = sshG(file, alias);
      const ours = resolveTarget(alias, { configFile: file });
      assert.deepEqual({ host: ours.host, port: String(ours.port), user: ours.user }, { host: g.hostname, port: g.port, user: g.user });
    });
  }
});

describe('ssh_config Match host', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hostsnap-match-'));
    file = join(dir, 'config');
    // Match host sees the HostName set above it (db -> 10.9.1.1); negated patterns exclude.
    writeFileSync(file, 'Host db\n  HostName 10.9.1.1\nMatch host 10.9.*\n  User matched\nMatch host web*,!web3\n  Port 2222\nHost *\n  User other\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const alias of ['db', 'web1', 'web3']) {
    it(`${alias}: as ssh -G says`, () => {
      const g = sshG(file, alias);
      const ours = resolveTarget(alias, { configFile: file });
      assert.deepEqual({ host: ours.host, port: String(ours.port), user: ours.user }, { host: g.hostname, port: g.port, user: g.user });
    });
  }
});
