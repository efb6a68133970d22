// Pasted text mixing prose and outputs: sections found by shape, the # command line as a hint.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readInput } from '../../src/archive/input.js';
import { readPaste, splitPaste } from '../../src/archive/paste.js';
import { incidentPath, repoPath } from '../helpers/paths.js';

const incident = incidentPath;

test('the 2011 incident splits into free, vmstat, pidstat and kern-log; prose and monit are left out', () => {
  const sections = splitPaste(readFileSync(incident, 'utf8'));
  assert.deepEqual(sections.map((s) => [s.id, s.first, s.last, s.command]), [
    ['free', 4, 7, 'free -m'],
    ['vmstat', 9, 12, 'vmstat 1 2'],
    ['pidstat', 14, 73, 'pidstat -dru 1 3'],
    ['kern-log', 86, 159, null],
  ]);
  const set = readPaste(readFileSync(incident, 'utf8'), incident);
  // free keeps its command line: its parser needs -m to read the units.
  assert.match(set.sources.get('free')?.text ?? '', /^# free -m\ntotal used free/);
  assert.ok(!(set.sources.get('kern-log')?.text ?? '').includes('Run Code Online'));
  // The answer's "# ps axwwu | grep flush" row (another host, no header) is not taken as ps.
  assert.equal(set.sources.has('ps'), false);
});

test('readInput: a paste, a kernel log file, a snapshot folder', async () => {
  assert.equal((await readInput(incident)).kind, 'paste');
  const log = await readInput(repoPath('test', 'fixtures', 'sources', 'dmesg', 'live-6.18-memcg-v1.txt'));
  assert.equal(log.kind, 'log');
  assert.deepEqual([...log.sources.keys()], ['dmesg']);
  const syslog = await readInput(repoPath('test', 'fixtures', 'sources', 'kern-log', '5.19-gcp-memcg-v2-no-killable.txt'));
  assert.deepEqual([...syslog.sources.keys()], ['kern-log']);
  const folder = await readInput(repoPath('test', 'fixtures', 'hosts', 'debian12-x86_64-healthy'));
  assert.equal(folder.kind, 'folder');
  assert.ok(folder.sources.has('proc-meminfo'));
});

test('a text file with nothing of a known shape is a usage error naming it', async () => {
  const readme = repoPath('README.md');
  await assert.rejects(readInput(readme), (error: Error) => error.message.includes(readme));
});
