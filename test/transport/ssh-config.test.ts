// ssh_config resolution, checked against what OpenSSH's own `ssh -G` computes from the same file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { parseProxyJump, resolveTarget } from '../../src/transport/ssh-config.js';

const CONFIG = `# a test config: never the real ~/.ssh/config
Host web
  HostName 10.1.2.3
  User bob
  Port 2200
  IdentityFile ~/.ssh/web_%h_%p_%r
  IdentityFile /keys/second
  ProxyJump jumpuser@bastion:2022,hop2
Host bastion
  HostName 192.0.2.10
  IdentityFile /keys/bastion
Host hop2
  HostName 192.0.2.11
  User hopper
Host *.internal
  HostName %h.example.net
  ProxyJump none
Host lonely
  IdentitiesOnly yes
  HostKeyAlias lonely-key
Host *
  User fallback
`;

/** OpenSSH's view of the same config: `ssh -G` prints the options it would use. */
function sshG(file: string, args: string[]): Record<string, string> {
  const out = execFileSync('ssh', ['-G', '-F', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const options: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const [key, ...rest] = line.split(' ');
    if (key && !(key in options)) options[key] = rest.join(' ');
  }
  return options;
}

describe('resolveTarget with an ssh config file', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hostsnap-sshconfig-'));
    file = join(dir, 'config');
    writeFileSync(file, CONFIG);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Array<[string, string[]]> = [
    ['web', ['web']],
    ['alice@web:2300', ['-l', 'alice', '-p', '2300', 'web']],
    ['db.internal', ['db.internal']],
    ['10.9.9.9', ['10.9.9.9']],
    ['bastion', ['bastion']],
  ];
  for (const [target, args] of cases) {
    it(`resolves ${target} as ssh -G does`, () => {
      const ours = resolveTarget(target, { configFile: file });
      const theirs = sshG(file, args);
      assert.equal(ours.host, theirs.hostname);
      assert.equal(ours.user, theirs.user);
      assert.equal(String(ours.port), theirs.port);
    });
  }

  it('expands ~ and %-tokens in IdentityFile, keeping order', () => {
    assert.deepEqual(resolveTarget('web', { configFile: file }).identityFiles, [join(homedir(), '.ssh', 'web_10.1.2.3_2200_bob'), '/keys/second']);
    assert.deepEqual(resolveTarget('carol@web', { configFile: file }).identityFiles[0], join(homedir(), '.ssh', 'web_10.1.2.3_2200_carol'));
  });

  it('resolves each ProxyJump hop through the same config', () => {
    const { jumps } = resolveTarget('web', { configFile: file });
    assert.equal(sshG(file, ['web']).proxyjump, 'jumpuser@bastion:2022,hop2');
    assert.deepEqual(jumps.map(({ alias, host, user, port, identityFiles }) => ({ alias, host, user, port, identityFiles })), [
      { alias: 'bastion', host: '192.0.2.10', user: 'jumpuser', port: 2022, identityFiles: ['/keys/bastion'] },
      { alias: 'hop2', host: '192.0.2.11', user: 'hopper', port: 22, identityFiles: [] },
    ]);
    assert.deepEqual(resolveTarget('db.internal', { configFile: file }).jumps, []);
  });

  it('reads IdentitiesOnly and HostKeyAlias', () => {
    assert.equal(resolveTarget('lonely', { configFile: file }).identitiesOnly, true);
    assert.equal(resolveTarget('web', { configFile: file }).identitiesOnly, false);
    assert.equal(resolveTarget('lonely', { configFile: file }).hostKeyAlias, sshG(file, ['lonely']).hostkeyalias);
    assert.equal(resolveTarget('web', { configFile: file }).hostKeyAlias, undefined);
  });

  it('parses ProxyJump values', () => {
    assert.deepEqual(parseProxyJump('none'), []);
    assert.deepEqual(parseProxyJump('ssh://u@[::1]:2200, j2'), [{ user: 'u', host: '::1', port: 2200 }, { host: 'j2' }]);
    assert.throws(() => parseProxyJump('bad host'), UsageError);
  });

  it('follows Include with a glob, in order, as ssh -G does', () => {
    const confd = join(dir, 'conf.d');
    mkdirSync(confd, { recursive: true });
    writeFileSync(join(confd, '10-db.conf'), 'Host db9\n  HostName 10.7.7.7\n  Port 2209\n');
    writeFileSync(join(confd, '20-more.conf'), 'Host db9 cache9\n  User dbadmin\n');
    writeFileSync(join(confd, 'ignored.txt'), 'Host db9\n  Port 1\n');
    const main = join(dir, 'with-include');
    writeFileSync(main, `Include ${confd}/*.conf\n${CONFIG}`);
    for (const target of ['db9', 'cache9', 'web']) {
      const ours = resolveTarget(target, { configFile: main });
      const theirs = sshG(main, [target]);
      assert.deepEqual([ours.host, ours.user, String(ours.port)], [theirs.hostname, theirs.user, theirs.port], target);
    }
    assert.equal(resolveTarget('db9', { configFile: main }).port, 2209);
  });

  it('refuses a config file that does not exist', () => {
    assert.throws(() => resolveTarget('web', { configFile: join(dir, 'missing') }), UsageError);
  });
});
