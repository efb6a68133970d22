// The kernel-log sniffer: a file nearly all of whose lines are stamped is a log, whatever a writer's
// Markdown fence around it; prose makes it a paste. Real fixtures, fences and prose added by code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isKernelLog, logShape } from '../../src/archive/logfile.js';
import { repoPath } from '../helpers/paths.js';

const DMESG = readFileSync(repoPath('test', 'fixtures', 'sources', 'dmesg', '5.10-openeuler-global-anon-reaper.txt'), 'utf8');
const SYSLOG = readFileSync(repoPath('test', 'fixtures', 'sources', 'kern-log', '2011-web1-xen-i686-lowmem.txt'), 'utf8');

test('a real dmesg and a real kern.log are logs, by their own stamps', () => {
  assert.deepEqual([isKernelLog(DMESG), logShape(DMESG).source], [true, 'dmesg']);
  assert.deepEqual([isKernelLog(SYSLOG), logShape(SYSLOG).source], [true, 'kern-log']);
});

test('Markdown fences of any length, with or without a language, are not counted as lines of the log', () => {
  for (const [open, close] of [['```', '```'], ['````text', '````'], ['~~~', '~~~'], ['```log', '```']]) {
    const fenced = `${open}\n${DMESG}\n${close}\n`;
    assert.equal(logShape(fenced).share, logShape(DMESG).share, open);
    assert.ok(isKernelLog(fenced), open);
  }
});

test('a log with a writer\'s prose around it is a paste (share under 90%)', () => {
  const lines = DMESG.split('\n').filter((l) => l.trim() !== '');
  const prose = lines.map((l, i) => (i % 4 === 0 ? `${l}\nThis is what the kernel printed then.` : l)).join('\n');
  assert.equal(isKernelLog(prose), false);
});
