// kernlog under random cuts, splices and byte mutations of its real fixtures: it never throws,
// and what it returns stays well-formed (seeded, so a failure can be replayed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernlog } from '../../src/parsers/kernlog.js';
import { kernlogFixtures } from './kernlog/fixtures.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NOISE = ['\n', '\r', '\t', ' ', '[', ']', ':', '(', ')', '=', '0', '9', 'kB', '\u0000', '\u00e9', '\ud83d'];

function mutate(text: string, other: string, next: () => number): string {
  const at = (n: number) => Math.floor(next() * n);
  switch (at(5)) {
    case 0: return text.slice(at(text.length), at(text.length) + at(text.length)); // a cut
    case 1: return text.slice(0, at(text.length)) + other.slice(at(other.length)); // a splice
    case 2: { // byte mutations
      const chars = [...text];
      for (let i = 0; i < 1 + at(40); i++) chars[at(chars.length)] = NOISE[at(NOISE.length)];
      return chars.join('');
    }
    case 3: { // lines shuffled
      const lines = text.split('\n');
      for (let i = 0; i < 1 + at(20); i++) {
        const a = at(lines.length);
        const b = at(lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
      }
      return lines.join('\n');
    }
    default: { // a line repeated many times
      const lines = text.split('\n');
      const line = lines[at(lines.length)];
      return lines.slice(0, at(lines.length)).join('\n') + `\n${line}`.repeat(at(500));
    }
  }
}

test('kernlog never throws on 3,000 mutations of its fixtures', () => {
  const fixtures = kernlogFixtures();
  const next = rng(20111010);
  for (let i = 0; i < 3000; i++) {
    const text = mutate(fixtures[i % fixtures.length].text, fixtures[(i * 7) % fixtures.length].text, next);
    const result = kernlog.run(text);
    if (!result.ok) {
      assert.ok(!result.reason.startsWith('parser failed'), `case ${i}: ${result.reason}`);
      continue;
    }
    for (const ev of result.facts.oomEvents) {
      assert.ok(ev.lines.first >= 1 && ev.lines.first <= ev.lines.last, `case ${i}: lines ${JSON.stringify(ev.lines)}`);
      assert.ok(ev.lines.last <= result.facts.lineCount);
      assert.ok(ev.text.length <= 400);
      assert.ok(ev.killed.every((k) => Number.isInteger(k.pid)));
    }
  }
});
