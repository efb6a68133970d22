// TARGET parsing: [user@]host[:port], bracketed and bare IPv6, and what is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { hostPortName, parseTarget } from '../../src/transport/target.js';

const valid: Array<[string, ReturnType<typeof parseTarget>]> = [
  ['web1', { host: 'web1' }],
  ['web1.example.com', { host: 'web1.example.com' }],
  ['root@web1', { user: 'root', host: 'web1' }],
  ['web1:2222', { host: 'web1', port: 2222 }],
  ['ops@10.0.0.5:22', { user: 'ops', host: '10.0.0.5', port: 22 }],
  ['[::1]:2222', { host: '::1', port: 2222 }],
  ['admin@[fe80::1%eth0]:22', { user: 'admin', host: 'fe80::1%eth0', port: 22 }],
  ['[2001:db8::7]', { host: '2001:db8::7' }],
  ['::1', { host: '::1' }],
  ['me@2001:db8::7', { user: 'me', host: '2001:db8::7' }],
  ['a@b@host', { user: 'a@b', host: 'host' }],
];

const invalid = ['', '@host', 'user@', 'host:', 'host:0', 'host:65536', 'host:22x', '[::1', '[::1]x', '[]:22',
  '-oProxyCommand=x', 'user@-host', 'ho st', 'host;rm', 'a/b', 'zz::yy::', "o'neil@host", 'host\n'];

describe('parseTarget', () => {
  for (const [text, expected] of valid) {
    it(`parses ${JSON.stringify(text)}`, () => assert.deepEqual(parseTarget(text), expected));
  }
  for (const text of invalid) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseTarget(text), (error: unknown) => error instanceof UsageError && error.message.includes('invalid target'));
    });
  }
});

describe('hostPortName', () => {
  it('names port 22 plainly and other ports in brackets, like known_hosts', () => {
    assert.equal(hostPortName('web1', 22), 'web1');
    assert.equal(hostPortName('127.0.0.2', 2222), '[127.0.0.2]:2222');
  });
});
