// Cost of learning line prefixes (src/parsers/kernlog/learn-prefix.ts) on a big kernel log held in
// memory: the real kern-log fixtures repeated to N MB; prints the learning time, the whole parse's
// time (learning included) and the ratio. Usage: node dist/bench/learn-prefix.js [MB, default 20]
import { readFileSync, readdirSync } from 'node:fs';
import { parseKernlogText } from '../src/parsers/kernlog.js';
import { withoutLearntPrefixes } from '../src/parsers/kernlog/learn-prefix.js';
import { repoPath } from '../test/helpers/paths.js';

const targetMb = Number(process.argv[2] ?? 20);
const dir = repoPath('test', 'fixtures', 'sources', 'kern-log');
const base = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(`${dir}/${f}`, 'utf8')).join('\n');
const copies = Math.max(1, Math.ceil((targetMb * 1e6) / base.length));
const text = Array.from({ length: copies }, () => base).join('\n');
const lines = text.split('\n');
const ms = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e6;

let start = process.hrtime.bigint();
withoutLearntPrefixes(lines);
const learning = ms(start);
start = process.hrtime.bigint();
parseKernlogText(text);
const whole = ms(start);
console.log(`${(text.length / 1e6).toFixed(1)} MB, ${lines.length} lines: learning ${learning.toFixed(0)} ms, whole parse ${whole.toFixed(0)} ms, learning ${(100 * learning / whole).toFixed(1)}% of it`);
