// The streaming kernel-log reader: the same facts as parse(text) on every fixture, bounded memory.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseKernlogText } from '../../src/parsers/kernlog.js';
import { DEFAULT_LIMITS } from '../../src/parsers/kernlog/machine.js';
import { LineSplitter, parseKernlogFile } from '../../src/parsers/kernlog/stream.js';
import { kernlogFixture, kernlogFixtures } from './kernlog/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'hostsnap-kernlog-'));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const fx of kernlogFixtures()) {
  test(`stream and parse(text) agree on ${fx.name}`, async () => {
    const streamed = await parseKernlogFile(fx.path);
    assert.deepEqual(streamed, parseKernlogText(fx.text));
    // Every fixture holds events to compare, but the journal that had nothing to show.
    const events = streamed.oomEvents.length + streamed.hungTasks.length;
    if (fx.name.endsWith('-no-entries.txt')) assert.equal(events, 0);
    else assert.ok(events > 0);
  });
}

test('CRLF line ends (a log saved on Windows) read like LF', async () => {
  const fx = kernlogFixture('kern-log/2011-web1-xen-i686-lowmem.txt');
  const path = join(dir, 'crlf.log');
  writeFileSync(path, fx.text.replace(/\n/g, '\r\n'));
  const crlf = await parseKernlogFile(path);
  const lf = parseKernlogText(fx.text);
  assert.deepEqual(crlf.oomEvents.map((e) => ({ ...e, text: [] })), lf.oomEvents.map((e) => ({ ...e, text: [] })));
});

test('only the last maxEvents events are kept, the older ones are counted', async () => {
  const fx = kernlogFixture('kern-log/2011-web1-xen-i686-lowmem.txt');
  const path = join(dir, 'repeated.log');
  writeFileSync(path, fx.text.repeat(10));
  const facts = await parseKernlogFile(path, { ...DEFAULT_LIMITS, maxEvents: 3 });
  assert.equal(facts.oomEvents.length, 3);
  assert.equal(facts.droppedOomEvents, 17);
  assert.equal(facts.lineCount, 740);
  // The last kept event is the last dump of the file, with its own line numbers.
  assert.deepEqual(facts.oomEvents[2].lines, { first: 669, last: 740 });
});

test('a line without end is cut at maxLineChars, not held whole', () => {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l), 10);
  splitter.write(Buffer.from('short\nabcdefghijklmnop'));
  splitter.write(Buffer.from('qrstuvwxyz and more'));
  splitter.write(Buffer.from(' still the same line\nnext\n'));
  splitter.end();
  assert.deepEqual(lines, ['short', 'abcdefghij', 'next']);
});

test('a UTF-8 character split between two chunks is decoded whole', () => {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l), 100);
  const bytes = Buffer.from('Task in /caf\u00e9 killed\nok\n');
  const cut = bytes.indexOf(0xa9); // the second byte of "é"
  splitter.write(bytes.subarray(0, cut));
  splitter.write(bytes.subarray(cut));
  splitter.end();
  assert.deepEqual(lines, ['Task in /caf\u00e9 killed', 'ok']);
});

test('a file without a newline at its end keeps its last line', () => {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l), 100);
  splitter.write(Buffer.from('a\nb'));
  splitter.end();
  assert.deepEqual(lines, ['a', 'b']);
});
