// What loading a command costs: its static import graph, and the CPU and memory of each import.
// Usage: node dist/bench/imports.js [MODULE, default dist/src/cli/commands/analyze.js] [RUNS, default 3].
// Each figure is one import in a fresh node process (median of RUNS): a package's cost includes its
// own dependencies, so the rows overlap and do not add up to the whole.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoPath } from '../test/helpers/paths.js';

const entry = resolve(process.argv[2] ?? repoPath('dist', 'src', 'cli', 'commands', 'analyze.js'));
const runs = Number(process.argv[3] ?? 3);

// Static `import … from 'x'`, `import 'x'` and `export … from 'x'` as tsc writes them (one per
// statement); `import type` is gone from the output and `await import()` is left out on purpose:
// a lazy import is paid only when its branch runs.
const STATIC_IMPORT = /(?:^|[\n;])\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;

interface Graph {
  /** Our own files reached, in the order met. */
  files: string[];
  /** npm package -> our files that import it. */
  packages: Map<string, string[]>;
  /** Our file -> the file whose import first reached it (the entry has none). */
  parent: Map<string, string>;
}

/** `c <- b <- entry`: how the entry reaches `file`. */
function chain(graph: Graph, file: string): string {
  const steps = [file];
  for (let at = graph.parent.get(file); at !== undefined && steps.length <= graph.files.length; at = graph.parent.get(at)) steps.push(at);
  return steps.map((f) => relative(repoPath('dist'), f)).join(' <- ');
}

/** The files and packages `start` loads before it runs (bounded by the number of files in dist/). */
function staticGraph(start: string): Graph {
  const files: string[] = [];
  const packages = new Map<string, string[]>();
  const parent = new Map<string, string>();
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    files.push(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (existsSync(target) && !seen.has(target)) {
          seen.add(target);
          parent.set(target, file);
          queue.push(target);
        }
        continue;
      }
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      packages.set(name, [...(packages.get(name) ?? []), file]);
    }
  }
  return { files, packages, parent };
}

interface Cost {
  cpuMs: number;
  rssMb: number;
}

/** The CPU and resident memory one `await import(spec)` adds to a fresh node (median of `runs`). */
function importCost(spec: string): Cost {
  // `cjs:NAME` is loaded with require(), as src/cli/index.ts loads yargs (its CommonJS build).
  const load = spec.startsWith('cjs:') ? `(await import('node:module')).createRequire(process.cwd() + '/')(${JSON.stringify(spec.slice(4))})` : `await import(${JSON.stringify(spec)})`;
  const script = `const c0 = process.cpuUsage(); const r0 = process.memoryUsage().rss; ${load};
    const c = process.cpuUsage(c0); console.log((c.user + c.system) / 1000, (process.memoryUsage().rss - r0) / 1048576);`;
  const samples: Cost[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoPath(), encoding: 'utf8', timeout: 60_000 });
    const [cpuMs, rssMb] = r.stdout.trim().split(' ').map(Number);
    if (r.status !== 0 || !Number.isFinite(cpuMs)) throw new Error(`import ${spec} failed: ${r.stderr.slice(-500)}`);
    samples.push({ cpuMs, rssMb });
  }
  const mid = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { cpuMs: mid(samples.map((s) => s.cpuMs)), rssMb: mid(samples.map((s) => s.rssMb)) };
}

function row(cost: Cost, name: string, note = ''): string {
  return `${cost.cpuMs.toFixed(0).padStart(7)} ms ${cost.rssMb.toFixed(1).padStart(6)} MB  ${name}${note ? `  (${note})` : ''}`;
}

const graph = staticGraph(entry);
const ours = new Map<string, number>();
for (const file of graph.files) {
  const area = relative(repoPath('dist'), file).split('/').slice(0, 2).join('/');
  ours.set(area, (ours.get(area) ?? 0) + 1);
}
console.log(`${relative(repoPath(), entry)}: ${graph.files.length} of our files (${[...ours].map(([a, n]) => `${a} ${n}`).join(', ')}), ${graph.packages.size} packages`);
console.log(`machine load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}; median of ${runs} fresh processes per row`);
console.log(row(importCost(pathToFileURL(entry).href), relative(repoPath(), entry), 'the whole entry'));
// Our own modules that the entry imports directly: which branch of the command costs what.
const direct = [...new Set([...readFileSync(entry, 'utf8').matchAll(STATIC_IMPORT)].map(([, spec]) => spec).filter((s) => s.startsWith('.')))];
const rows: Array<[Cost, string, string]> = direct.map((spec) => {
  const file = resolve(dirname(entry), spec);
  return [importCost(pathToFileURL(file).href), relative(repoPath('dist'), file), 'imported by the entry'];
});
for (const [name, importers] of graph.packages) rows.push([importCost(name), `npm ${name}`, `from ${chain(graph, importers[0])}`]);
for (const [cost, name, note] of rows.sort((a, b) => b[0].cpuMs - a[0].cpuMs)) console.log(row(cost, name, note));

// The other packages the CLI can load, each alone, for reference: those above that this entry
// no longer loads at start (decoders, templates, SSH, archive writing) are paid only on their path.
const REFERENCE = ['cjs:yargs/yargs', 'yargs', 'ssh2', 'archiver', 'handlebars', 'handlebars/runtime.js', 'lzma-native', 'unbzip2-stream', 'tar', 'nodemailer', 'yaml', 'croner', 'log-update'];
console.log('reference: each package alone');
for (const name of REFERENCE.filter((n) => !graph.packages.has(n))) {
  console.log(row(importCost(name), `npm ${name}`, name === 'cjs:yargs/yargs' ? 'what src/cli/index.ts loads' : 'not in this entry\'s static imports'));
}
