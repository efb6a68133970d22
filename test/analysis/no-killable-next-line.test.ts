// "Out of memory and no killable processes..." without its panic line: a global OOM's panic, unless
// the kernel's log goes on in the same boot (then the OOM was a memory cgroup's: 4.19+ panics at once
// only for a global one). Real dumps, joined the way a journal or a paste joins them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseKernlogText } from '../../src/parsers/kernlog.js';
import { repoPath } from '../helpers/paths.js';

const lines = (...path: string[]): string[] => readFileSync(repoPath('test', 'fixtures', ...path), 'utf8').split('\n');
// A 5.4 arm64 global OOM that printed "no killable processes" and then panicked (lkml, kmemleak).
const arm64 = lines('oom-corpus', '5.4.51-arm64-lkml-flowed-kmemleak-panic.txt');
const noKillable = arm64.findIndex((l) => l.includes('Out of memory and no killable processes'));
// The first lines of a boot of this machine (a real dmesg, cut before its first OOM).
const boot = lines('hosts', 'debian12-x86_64-boot-dmesg', 'raw', 'dmesg.txt').slice(0, 20);

function lastOom(text: string): { constraint: string | null; panic: boolean } {
  const events = parseKernlogText(text).oomEvents;
  assert.ok(events.length > 0, 'an OOM event is read');
  return events[events.length - 1];
}

test('the dump as printed: the panic line follows, a global OOM that panicked', () => {
  assert.ok(noKillable > 0 && arm64[noKillable + 1].includes('Kernel panic'), 'the fixture holds the panic line right after');
  const ev = lastOom(arm64.slice(0, noKillable + 2).join('\n'));
  assert.deepEqual({ constraint: ev.constraint, panic: ev.panic }, { constraint: 'global', panic: true });
});

test('the panic line lost and the next boot follows (a journal keeps nothing after a panic): still global, panicked', () => {
  // From its banner, and from the line after it (a log filtered or cut there): the uptime went back.
  for (const next of [boot, boot.slice(1)]) {
    const ev = lastOom([...arm64.slice(0, noKillable + 1), ...next].join('\n'));
    assert.deepEqual({ constraint: ev.constraint, panic: ev.panic }, { constraint: 'global', panic: true }, next[0]);
  }
});

test('the excerpt ends at the line (nothing follows): the panic is implied', () => {
  const ev = lastOom(arm64.slice(0, noKillable + 1).join('\n'));
  assert.deepEqual({ constraint: ev.constraint, panic: ev.panic }, { constraint: 'global', panic: true });
});
