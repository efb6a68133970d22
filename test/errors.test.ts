// describeError: host text in an error never carries a terminal escape to the operator's terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeError, UsageError } from '../src/errors.js';

test('describeError replaces control characters in message, expected and found', () => {
  const osc = 'x\u001b]0;PWNED\u0007y';
  const text = describeError(new UsageError(`archive entry ${osc} is a link`, { expected: `a file ${osc}`, found: `\u009b31m${osc}` }));
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  assert.match(text, /^hostsnap: archive entry x\ufffd\]0;PWNED\ufffdy is a link$/m);
  assert.equal(text.split('\n').length, 3);
});
