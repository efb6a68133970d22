// Advice commands never carry host text that a shell would interpret.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shellSafe } from '../../src/rules/helpers.js';

test('cgroup paths go into commands only when they are inert', () => {
  assert.equal(shellSafe('/hostsnap-test-17292-1', '/<cgroup>'), '/hostsnap-test-17292-1');
  assert.equal(shellSafe('/system.slice/docker-3f2a.scope', '/<cgroup>'), '/system.slice/docker-3f2a.scope');
  for (const hostile of ['/x; rm -rf /', '/$(reboot)', '/a`id`', '/a b', '/a\nb', "/a'b", '/../../etc', '/a/..']) assert.equal(shellSafe(hostile, '/<cgroup>'), '/<cgroup>');
});
