// Fuzz: every registered parser against seeded mutations of every fixture; none may fail, hang or lie.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { ParseError } from '../../src/errors.js';
import { parserForSource, parsers } from '../../src/parsers/index.js';
import type { Parser } from '../../src/parsers/types.js';
import { repoPath } from '../helpers/paths.js';

// HOSTSNAP_FUZZ_SEED=N replays a run; a failure prints the seed, the fixture and the mutations.
const SEED = Number(process.env.HOSTSNAP_FUZZ_SEED ?? 20261126) >>> 0;
/** Mutants of a fixture fed to the parser of its own source. */
const OWN_MUTANTS = 40;
/** Mutants of a fixture fed to every other parser (after the fixture itself). */
const FOREIGN_MUTANTS = 2;
/** Fixtures are cut to this many characters: the fuzz is about shapes, not volume. */
const MAX_CHARS = 256 * 1024;
// No per-call time limit (a timed assertion fails on a loaded machine, not on a slow parser): a
// parser that hangs never lets its test end, and the test's own timeout (300 s) fails it. How long
// calls take is printed (the slowest call per parser) for bench-like reading, never asserted.

interface Fixture { source: string; path: string; text: string }

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// Files beside the fixtures that are not a host's output: origin notes, expected results, capture scripts.
const NOT_FIXTURES = /(\.md|\.expected\.json|\.sh)$/;

/** Every fixture of every source folder (all engineers'). */
function loadFixtures(): Fixture[] {
  const root = repoPath('test/fixtures/sources');
  return readdirSync(root).sort().filter((d) => statSync(join(root, d)).isDirectory()).flatMap((source) =>
    walk(join(root, source)).filter((p) => !NOT_FIXTURES.test(p)).map((path) => ({
      source, path: relative(root, path), text: readFileSync(path, 'utf8').slice(0, MAX_CHARS),
    })));
}

/** mulberry32: a small seeded generator, so a failing case can be replayed exactly. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit hash, so each (parser, fixture) pair has its own stream of cases. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const HOSTILE = [
  '__proto__', 'constructor', 'prototype', '__proto__: 5 kB', '__proto__ = 1', '-', ':', '=', '%s%n%x', '${7*7}',
  '<script>alert(1)</script>', '\u0000', '\u202e', '\ufeff', '\ud800', 'NaN', 'Infinity', '-0', '1e309', '0x1f',
  '18446744073709551615', '9'.repeat(400), '-'.repeat(300), ' '.repeat(50_000), '('.repeat(5000), 'a'.repeat(100_000),
  'Node 0, zone   Normal', '  pages free 1', 'MemTotal:', 'some avg10=', 'up up up up', ' kB', '\t\t\t', '\r', '\n\n\n',
  'Out of memory: Kill process 1 (x) score 1 or sacrifice child', 'Mem-Info:', 'Average:', 'Filename Type Size Used Priority',
];

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const at = (rand: Rand, text: string): number => Math.floor(rand() * (text.length + 1));
const randomChar = (rand: Rand): string => String.fromCharCode(rand() < 0.7 ? Math.floor(rand() * 256) : Math.floor(rand() * 0x10000));

/** The mutations: each takes the text (and another fixture for splices) and returns a new text. */
const MUTATIONS: Record<string, (text: string, rand: Rand, other: string) => string> = {
  'cut-end': (t, r) => t.slice(0, at(r, t)),
  'cut-start': (t, r) => t.slice(at(r, t)),
  'cut-window': (t, r) => { const a = at(r, t); return t.slice(a, a + Math.floor(r() * 4000)); },
  splice: (t, r, o) => t.slice(0, at(r, t)) + o.slice(at(r, o)),
  'byte-flips': (t, r) => {
    const chars = [...t.slice(0, MAX_CHARS)];
    for (let i = Math.floor(r() * 20) + 1; i > 0 && chars.length > 0; i--) chars[Math.floor(r() * chars.length)] = randomChar(r);
    return chars.join('');
  },
  'line-duplicate': (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines.splice(i, 0, ...Array<string>(Math.floor(r() * 200) + 1).fill(lines[i]));
    return lines.join('\n');
  },
  'line-delete': (t, r) => t.split('\n').filter(() => r() > 0.2).join('\n'),
  'line-shuffle': (t, r) => t.split('\n').map((l) => [r(), l] as const).sort((a, b) => a[0] - b[0]).map(([, l]) => l).join('\n'),
  hostile: (t, r) => { const i = at(r, t); return t.slice(0, i) + pick(r, HOSTILE) + t.slice(i); },
  'huge-number': (t, r) => t.replace(/\d+/g, (d) => (r() < 0.15 ? pick(r, ['99999999999999999999999', '-1', '4294967296', '1e400', '0'.repeat(40)]) : d)),
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  'nul-bytes': (t, r) => { let s = t; for (let i = Math.floor(r() * 10) + 1; i > 0; i--) { const k = at(r, s); s = s.slice(0, k) + '\0' + s.slice(k); } return s; },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

interface Case { text: string; ops: string[] }

function mutant(base: string, rand: Rand, fixtures: Fixture[]): Case {
  let text = base;
  const ops: string[] = [];
  for (let n = Math.floor(rand() * 3) + 1; n > 0; n--) {
    const name = pick(rand, MUTATION_NAMES);
    const other = pick(rand, fixtures);
    ops.push(name === 'splice' ? `splice(${other.path})` : name);
    text = MUTATIONS[name](text, rand, other.text).slice(0, 2 * MAX_CHARS);
  }
  return { text, ops };
}

/** Every number in the facts is finite: NaN or Infinity would print as null or break JSON readers. */
function nonFinite(value: unknown, path = 'facts'): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} = ${value}`;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFinite(child, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/** What is wrong with one call's outcome, or null. */
function check(parser: Parser<unknown>, text: string): { problem: string | null; ms: number } {
  const started = performance.now();
  let outcome;
  try {
    outcome = parser.run(text);
  } catch (error) {
    return { problem: `run() threw: ${String(error)}`, ms: performance.now() - started };
  }
  const ms = performance.now() - started;
  if (outcome.parser !== parser.name) return { problem: `outcome names parser "${outcome.parser}"`, ms };
  if (outcome.ok) {
    if (typeof outcome.facts !== 'object' || outcome.facts === null) return { problem: 'ok without facts', ms };
    try {
      JSON.stringify(outcome.facts);
    } catch (error) {
      return { problem: `facts do not serialise: ${String(error)}`, ms };
    }
    return { problem: nonFinite(outcome.facts), ms };
  }
  if (typeof outcome.reason !== 'string' || outcome.reason === '') return { problem: 'unparsed without a reason', ms };
  if (typeof outcome.excerpt !== 'string' || outcome.excerpt.length > 800) return { problem: 'excerpt missing or over 800 chars', ms };
  if (outcome.reason.startsWith('parser failed:')) {
    // run() caught an exception. A ParseError is a parser's deliberate way to say "unrecognised";
    // anything else (TypeError, RangeError…) is a bug that run() only hid.
    try {
      parser.parse(text);
    } catch (error) {
      if (!(error instanceof ParseError)) return { problem: `parse() threw ${String(error)}`, ms };
    }
  }
  return { problem: null, ms };
}

const fixtures = loadFixtures();
const showText = (text: string): string => JSON.stringify(text.length > 240 ? `${text.slice(0, 240)}…` : text);

test('the fuzz has fixtures of several sources to work on', (t) => {
  const sources = new Set(fixtures.map((f) => f.source));
  t.diagnostic(`${fixtures.length} fixtures in ${sources.size} source folders, seed ${SEED}`);
  assert.ok(fixtures.length >= 20 && sources.size >= 10, `only ${fixtures.length} fixtures in ${sources.size} folders`);
  for (const f of fixtures) assert.ok(parserForSource(f.source), `fixture folder ${f.source} has no parser`);
});

for (const parser of Object.values(parsers) as Parser<unknown>[]) {
  test(`fuzz: ${parser.name} never throws, hangs or returns a malformed outcome`, { timeout: 300_000 }, (t) => {
    const failures: string[] = [];
    let cases = 0;
    let slowest = 0;
    let totalMs = 0;
    for (const fixture of fixtures) {
      const own = parserForSource(fixture.source) === parser;
      const rand = generator(SEED ^ hash(`${parser.name}|${fixture.path}`));
      const inputs: Case[] = [{ text: fixture.text, ops: [] }];
      for (let i = 0; i < (own ? OWN_MUTANTS : FOREIGN_MUTANTS); i++) inputs.push(mutant(fixture.text, rand, fixtures));
      for (const [index, input] of inputs.entries()) {
        const { problem, ms } = check(parser, input.text);
        cases++;
        totalMs += ms;
        slowest = Math.max(slowest, ms);
        if (problem && failures.length < 10) {
          failures.push(`${problem}\n    fixture ${fixture.path}, case ${index}, mutations [${input.ops.join(', ')}]\n    input ${showText(input.text)}`);
        }
      }
    }
    t.diagnostic(`${parser.name}: ${cases} cases, ${totalMs.toFixed(0)} ms in parser calls, slowest ${slowest.toFixed(1)} ms (seed ${SEED})`);
    assert.equal(failures.length, 0, `seed ${SEED} (replay with HOSTSNAP_FUZZ_SEED=${SEED}):\n  ${failures.join('\n  ')}`);
  });
}
