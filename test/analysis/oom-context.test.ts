// Causes read from more than a dump's own figures, on real pastes of the OOM corpus: the paste's
// `free` beside a 32-bit dump cut to its header (lowmem), and a dump's tail that sizes the victim.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readPaste } from '../../src/archive/paste.js';
import { analyze } from '../../src/analysis/analyze.js';
import { classifyAll } from '../../src/analysis/classify-oom.js';
import { free } from '../../src/parsers/free.js';
import { parseKernlogText } from '../../src/parsers/kernlog.js';
import { CORPUS_DIR } from '../helpers/oom-corpus.js';

const text = (name: string): string => readFileSync(`${CORPUS_DIR}/${name}.txt`, 'utf8');
const LKML = '2.6.23-i686-bigmem-lkml-hypermail-quoted-rewrapped-two-headers';

test('a mail reply quoting `free`, one line wrapped by the mailer: the free source is read through the quote marks', () => {
  const set = readPaste(text(LKML), 'paste');
  const source = set.sources.get('free');
  assert.ok(source, 'a free section');
  const outcome = free.run(source.text);
  assert.ok(outcome.ok, JSON.stringify(outcome));
  assert.equal(outcome.facts.memTotalKb, 8300144);
  assert.equal(outcome.facts.memFreeKb, 7389784);
  assert.equal(outcome.facts.swapFreeKb, 16777208);
});

test('2.6.23 i686 headers with no zone line: lowmem from the 32-bit frames, GFP_KERNEL and the paste\'s free', () => {
  const { facts } = analyze(readPaste(text(LKML), 'paste'));
  const read = classifyAll(facts.oomEvents, facts.oomEventSources, { free: { memTotalKb: 8300144, memFreeKb: 7389784, swapTotalKb: 16777208, swapFreeKb: 16777208 } });
  assert.deepEqual(facts.oomEvents.map((e) => e.cause), ['lowmem', 'lowmem'], 'analyze gives free to the classifier');
  const why = read[0].why.map((w) => w.text).join('\n');
  assert.match(why, /7\.0 GiB of 7\.9 GiB free/);
  assert.match(why, /\[<c01408cb>\]/);
  // The same events without the free output: nothing measures memory, the cause stays unknown.
  const events = parseKernlogText(text(LKML)).oomEvents;
  assert.deepEqual(classifyAll(events, events.map(() => 'dmesg')).map((e) => e.cause), ['unknown', 'unknown']);
  // And a 64-bit host's word size rules the reading out, whatever free says.
  const with64 = classifyAll(events, events.map(() => 'dmesg'), { bits: 64, free: { memTotalKb: 8300144, memFreeKb: 7389784, swapTotalKb: null, swapFreeKb: null } });
  assert.deepEqual(with64.map((e) => e.cause), ['unknown', 'unknown']);
});

test('a dump\'s tail (no swap, pages RAM, the kill): the victim\'s anon weighs against RAM', () => {
  const events = parseKernlogText(text('4.19.76-minikube-github-dmesg-reltime-kill-then-header')).oomEvents;
  const [first] = classifyAll(events, events.map(() => 'dmesg'));
  assert.equal(first.cause, 'anon');
  assert.match(first.why.map((w) => w.text).join('\n'), /4\.3 GiB of anonymous memory \(73% of RAM\) with no swap/);
});
