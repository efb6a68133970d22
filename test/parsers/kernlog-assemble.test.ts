// One OOM's lines quoted apart (the kill first, the header last) are joined by their stamps; the
// previous OOM's kill before the next one's header is not. Both on real pastes of the OOM corpus.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseKernlogText } from '../../src/parsers/kernlog.js';
import { CORPUS_DIR } from '../helpers/oom-corpus.js';

const read = (name: string) => parseKernlogText(readFileSync(`${CORPUS_DIR}/${name}.txt`, 'utf8')).oomEvents;

test('a header quoted after its own kill (stamped before it, within a second) is one event', () => {
  const events = read('3.x-ubuntu-passenger-github-indented-lines-out-of-order-prose');
  assert.equal(events.length, 1);
  const [e] = events;
  assert.equal(e.joinedByStamp, true);
  assert.equal(e.headerMissing, false);
  assert.deepEqual(e.trigger, { comm: 'PassengerAgent', pid: null });
  assert.deepEqual([e.gfpMask, e.order], ['0x2084d0', 0]);
  assert.deepEqual(e.killed.map((k) => [k.pid, k.score, k.anonRssKb]), [[16886, 750, 3025732]]);
  // The header's stamp, the earliest of the burst, dates the event.
  assert.equal(e.uptimeSeconds, 630250.830457);
  assert.ok(e.text.some((l) => l.includes('invoked oom-killer')) && e.text.some((l) => l.includes('Killed process 16886')));
});

test('a kill stamped before the next header is the previous OOM\'s, not joined to it', () => {
  const events = read('5.10.5-heads-github-tail-and-header');
  assert.equal(events.length, 2);
  assert.deepEqual(events.map((e) => e.killed.map((k) => k.pid)), [[472], []]);
  assert.equal(events[1].trigger?.comm, 'gui-init');
  assert.ok(events.every((e) => e.joinedByStamp === undefined));
});

test('a wall clock to the second cannot order a kill and a header: dmesg -H deltas are never joined', () => {
  const events = read('4.19.76-minikube-github-dmesg-reltime-kill-then-header');
  assert.ok(events.length >= 2, `${events.length} events`);
  assert.ok(events.every((e) => e.joinedByStamp === undefined));
});
