// known_hosts checking against files written by OpenSSH's own ssh-keygen (plain, hashed with -H).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HostKeyError } from '../../src/errors.js';
import { appendKnownHost, checkKnownHosts, fingerprintSha256, hostMatches, keyTypeOf, verifyHostKey } from '../../src/transport/host-keys.js';

interface Key { type: string; base64: string; blob: Buffer; path: string }

describe('known_hosts', () => {
  let dir: string;
  let ed: Key;
  let ed2: Key;
  let ecdsa: Key;
  const keygen = (name: string, type: string): Key => {
    const path = join(dir, name);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', path]);
    const [kt, base64] = readFileSync(`${path}.pub`, 'utf8').split(' ');
    return { type: kt, base64, blob: Buffer.from(base64, 'base64'), path };
  };
  /** A known_hosts file hashed by the real ssh-keygen -H. */
  const hashed = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    return readFileSync(file, 'utf8');
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hostsnap-known-'));
    ed = keygen('ed', 'ed25519');
    ed2 = keygen('ed2', 'ed25519');
    ecdsa = keygen('ecdsa', 'ecdsa');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the key type from the blob and fingerprints it like ssh-keygen -l', () => {
    assert.equal(keyTypeOf(ed.blob), 'ssh-ed25519');
    assert.equal(keyTypeOf(ecdsa.blob), 'ecdsa-sha2-nistp256');
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${ed.path}.pub`], { encoding: 'utf8' }).split(' ')[1];
    assert.equal(fingerprintSha256(ed.blob), printed);
  });

  it('matches plain entries: port 22 bare, other ports in brackets, comma lists', () => {
    const text = `# comment\n\nweb1,10.0.0.1 ${ed.type} ${ed.base64}\n[web1]:2222 ${ed2.type} ${ed2.base64}\n`;
    assert.equal(checkKnownHosts(text, 'web1', 22, ed.blob).status, 'known');
    assert.equal(checkKnownHosts(text, '10.0.0.1', 22, ed.blob).status, 'known');
    assert.equal(checkKnownHosts(text, 'web1', 2222, ed2.blob).status, 'known');
    assert.equal(checkKnownHosts(text, 'web1', 2222, ed.blob).status, 'changed');
    assert.equal(checkKnownHosts(text, 'web1', 22, ed2.blob).status, 'changed');
    assert.deepEqual(checkKnownHosts(text, 'web1', 22, ed2.blob).lines, [3]);
    assert.equal(checkKnownHosts(text, 'web2', 22, ed.blob).status, 'unknown');
    assert.equal(checkKnownHosts(text, 'web1', 2223, ed.blob).status, 'unknown');
  });

  it('treats a key of another type as unknown, and says which types are known', () => {
    const check = checkKnownHosts(`web1 ${ed.type} ${ed.base64}\n`, 'web1', 22, ecdsa.blob);
    assert.equal(check.status, 'unknown');
    assert.deepEqual(check.knownTypes, ['ssh-ed25519']);
  });

  it('matches entries hashed by ssh-keygen -H', () => {
    const text = hashed('kh-hashed', `web1 ${ed.type} ${ed.base64}\n[127.0.0.2]:2222 ${ed2.type} ${ed2.base64}\n`);
    assert.match(text, /^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /m);
    assert.doesNotMatch(text, /web1|127\.0\.0\.2/);
    assert.equal(checkKnownHosts(text, 'web1', 22, ed.blob).status, 'known');
    assert.equal(checkKnownHosts(text, '127.0.0.2', 2222, ed2.blob).status, 'known');
    assert.equal(checkKnownHosts(text, '127.0.0.2', 2222, ed.blob).status, 'changed');
    assert.equal(checkKnownHosts(text, '127.0.0.2', 22, ed2.blob).status, 'unknown');
  });

  it('applies wildcards and negations like ssh', () => {
    assert.equal(hostMatches('*.example.com,!bad.example.com', 'web.example.com'), true);
    assert.equal(hostMatches('*.example.com,!bad.example.com', 'bad.example.com'), false);
    assert.equal(hostMatches('web?', 'WEB1'), true);
    assert.equal(hostMatches('web?', 'web10'), false);
    assert.equal(hostMatches('[10.0.0.*]:2222', '[10.0.0.7]:2222'), true);
  });

  it('refuses a @revoked key for any host and ignores @cert-authority lines', () => {
    const text = `@revoked * ${ed.type} ${ed.base64}\nweb1 ${ed.type} ${ed.base64}\n@cert-authority *.example.com ${ed2.type} ${ed2.base64}\n`;
    const revoked = checkKnownHosts(text, 'web1', 22, ed.blob);
    assert.equal(revoked.status, 'changed');
    assert.equal(revoked.revoked, true);
    assert.equal(checkKnownHosts(text, 'db.example.com', 22, ed2.blob).status, 'unknown');
  });

  it('appends an entry that ssh-keygen -F finds, creating the folder 0700 and the file 0600', () => {
    const file = join(dir, 'fresh', '.ssh', 'known_hosts');
    appendKnownHost(file, '127.0.0.9', 2200, ed.blob);
    appendKnownHost(file, 'web9', 22, ecdsa.blob);
    assert.equal(statSync(join(dir, 'fresh', '.ssh')).mode & 0o777, 0o700);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.9]:2200', '-f', file], { encoding: 'utf8' });
    assert.match(found, new RegExp(`ssh-ed25519 ${ed.base64.replace(/[+/]/g, '\\$&')}`));
    assert.match(execFileSync('ssh-keygen', ['-F', 'web9', '-f', file], { encoding: 'utf8' }), /ecdsa-sha2-nistp256/);
  });

  it('appends on a new line when the file lacks a final newline', () => {
    const file = join(dir, 'no-newline');
    writeFileSync(file, `web1 ${ed.type} ${ed.base64}`);
    appendKnownHost(file, 'web2', 22, ed2.blob);
    assert.equal(checkKnownHosts(readFileSync(file, 'utf8'), 'web1', 22, ed.blob).status, 'known');
    assert.equal(checkKnownHosts(readFileSync(file, 'utf8'), 'web2', 22, ed2.blob).status, 'known');
  });

  it('verifyHostKey: refuses unknown with the fingerprint and how to accept, accepts new, never a changed key', () => {
    const file = join(dir, 'verify');
    const req = { label: 'web7', host: 'web7', port: 2222, blob: ed.blob, knownHostsFile: file, acceptNew: false };
    assert.throws(() => verifyHostKey(req), (error: unknown) => {
      assert.ok(error instanceof HostKeyError);
      assert.equal(error.changed, false);
      assert.equal(error.fingerprint, fingerprintSha256(ed.blob));
      assert.match(error.message, /^web7: /);
      assert.ok(error.message.includes(fingerprintSha256(ed.blob)));
      assert.match(error.message, /ssh-ed25519/);
      assert.match(error.message, /--accept-new/);
      assert.match(error.message, /ssh-keyscan -p 2222 /);
      return true;
    });
    assert.equal(verifyHostKey({ ...req, acceptNew: true }), 'added');
    assert.equal(verifyHostKey(req), 'known');
    assert.throws(() => verifyHostKey({ ...req, blob: ed2.blob, acceptNew: true }), (error: unknown) => {
      assert.ok(error instanceof HostKeyError);
      assert.equal(error.changed, true);
      assert.match(error.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
      assert.ok(error.message.includes(fingerprintSha256(ed2.blob)));
      return true;
    });
    assert.equal(readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 1);
  });
});
