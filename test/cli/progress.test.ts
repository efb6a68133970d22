// The fleet progress on a real terminal (a pty made by util-linux's `script`) and on a pipe.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { repoPath } from '../helpers/paths.js';

// Three hosts: one done, one failed whose error carries a terminal title escape (a host's words),
// one still running when the last line is drawn.
const SCRIPT = `
import { progress } from ${JSON.stringify(repoPath('dist', 'src', 'cli', 'progress.js'))};
const bar = progress(3, process.stdout);
bar.started(); bar.started(); bar.started();
bar.line('web01: 0 critical, 1 warning', true);
bar.line('web02: FAILED: banner \\x1b]0;pwned\\x07 then', false);
bar.finish();
`;

const run = (argv: string[]): string => execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 20_000 });

test('on a terminal: finished hosts stay as lines, one live line counts them, no host control bytes', () => {
  // script -q: no banner; -e: its exit status; -c: the command; the typescript goes to /dev/null.
  // Its pty has no size until stty gives it one (as a terminal emulator would).
  const out = run(['script', '-qec', `stty rows 24 cols 100; node --input-type=module -e ${shellQuote(SCRIPT)}`, '/dev/null']);
  assert.match(out, /web01: 0 critical, 1 warning\r?\n/);
  assert.match(out, /web02: FAILED: banner .*then\r?\n/);
  assert.match(out, /2\/3 done, 1 failed, 1 running, 00:0\d/);
  assert.ok(out.includes('\x1b['), 'the live line is redrawn with escape sequences');
  assert.equal(out.includes('\x1b]0;pwned'), false, 'the host text carried no escape to the terminal');
});

test('on a pipe: plain lines only, one per host', () => {
  const out = run(['node', '--input-type=module', '-e', SCRIPT]);
  assert.deepEqual(out.split('\n'), ['web01: 0 critical, 1 warning', 'web02: FAILED: banner \ufffd]0;pwned\ufffd then', '']);
});

test('on a terminal without a size: plain lines, as on a pipe', () => {
  const out = run(['script', '-qec', `node --input-type=module -e ${shellQuote(SCRIPT)}`, '/dev/null']);
  assert.match(out, /^web01: 0 critical, 1 warning\r\nweb02: FAILED: banner \ufffd\]0;pwned\ufffd then\r\n$/);
});

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
