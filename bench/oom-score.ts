// Scores the OOM corpus per kind (events, constraint, cause, panic, killed, trigger, gfp mask,
// order), the development set and the held-out quarter apart, and lists every miss with its reason.
// Seven sets: development, held-out rounds 1, 2, 3, 4 and 5 (seen in sessions 4, 5, 6, 7 and 8:
// development now), and held-out round 6 (held-out-round-6.txt), the only unseen one. `--dev` reads
// only the first six: a run during development must not look at round 6.
// Usage: node dist/bench/oom-score.js [--held-out|--dev] (default: all seven)
import { corpusCases, KINDS, knownMisses, scoreCase, splitOf, UNSEEN, type CaseResult } from '../test/helpers/oom-corpus.js';

const only = process.argv[2];
const results: CaseResult[] = [];
for (const name of corpusCases()) {
  const split = splitOf(name);
  if (only === '--dev' && split === UNSEEN) continue;
  if (only === '--held-out' && split !== UNSEEN) continue;
  results.push(await scoreCase(name));
}
const known = knownMisses();

function report(label: string, set: CaseResult[]): void {
  const perfect = set.filter((r) => r.misses.length === 0).length;
  console.log(`\n${label}: ${set.length} cases, ${perfect} read entirely right (${set.length ? Math.round((100 * perfect) / set.length) : 0}%)`);
  for (const kind of KINDS) {
    const scored = set.filter((r) => r.scored.includes(kind));
    const right = scored.filter((r) => !r.misses.some((m) => m.kind === kind)).length;
    console.log(`  ${kind.padEnd(11)} ${right}/${scored.length}`);
  }
  for (const r of set) {
    for (const m of r.misses) console.log(`  MISS ${r.name} [${m.kind}] ${m.detail}${known[r.name] ? ` — known: ${known[r.name]}` : ''}`);
  }
}

if (only !== '--held-out') {
  report('development', results.filter((r) => r.split === 'development'));
  report('held-out round 1 (seen in session 4: development since)', results.filter((r) => r.split === 'held-out-1'));
  report('held-out round 2 (seen in session 5: development since)', results.filter((r) => r.split === 'held-out-2'));
  report('held-out round 3 (seen in session 6: development since)', results.filter((r) => r.split === 'held-out-3'));
  report('held-out round 4 (seen in session 7: development since)', results.filter((r) => r.split === 'held-out-4'));
  report('held-out round 5 (seen in session 8: development since)', results.filter((r) => r.split === 'held-out-5'));
}
if (only !== '--dev') report('held-out round 6 (held-out-round-6.txt)', results.filter((r) => r.split === UNSEEN));
