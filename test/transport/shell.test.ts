// Shell quoting and wrapCommand, checked by running the results through a real /bin/sh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { shellQuote, wrapCommand } from '../../src/transport/shell.js';
import { ensureSudo } from '../helpers/sshd.js';

const sh = (script: string): string => execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });

describe('shellQuote', () => {
  const hard = ['plain', '', "it's", "'", "''", 'a b', '$HOME', '`id`', '$(id)', '"q"', 'back\\slash', 'new\nline', '*', '-n', '; rm -rf x'];
  for (const text of hard) {
    it(`round-trips ${JSON.stringify(text)} through sh`, () => {
      assert.equal(sh(`printf %s ${shellQuote(text)}`), text);
    });
  }
});

describe('wrapCommand', () => {
  before(ensureSudo);
  it('runs the command under sh -c, keeping its quoting and pipes', () => {
    const wrapped = wrapCommand(`printf '%s\\n' "a b" | wc -l; echo "$0"`, {});
    assert.match(wrapped, /^sh -c '/);
    assert.equal(sh(wrapped), '1\nsh\n');
  });

  it('adds the sbin folders to PATH without dropping the caller PATH', () => {
    const path = sh(`PATH=/hostsnap-test:/usr/bin:/bin; ${wrapCommand('echo "$PATH"', {})}`).trim();
    assert.ok(path.startsWith('/hostsnap-test:/usr/bin:/bin:'), path);
    assert.match(path, /:\/usr\/sbin:/);
  });

  it('prefixes sudo -n -- so that sudo never prompts', () => {
    assert.equal(wrapCommand('id -u', { sudo: true }), `sudo -n -- ${wrapCommand('id -u', {})}`);
    assert.equal(sh(wrapCommand('id -u', { sudo: true })).trim(), '0');
  });
});
