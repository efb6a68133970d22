// analyze on a real sosreport tarball against `tar xf` alone unpacking it: wall time, peak memory, ratio.
// Usage: node dist/bench/analyze.js [TARBALL|make] [RUNS, default 5] [CLI.js...]. Without TARBALL (or
// with `make`), sos 4.0 makes one here (sos report --batch -o memory,kernel,process,logs -z xz, as
// issue 14 ran it; needs root). CLI.js: other builds' bin/hostsnap.js (a build of main before a
// change, say), timed in turn with this one in every run, so that all face the same machine load.
// Then the phases of one analyze in a fresh process (median of 3): node's start, loading yargs and
// the command, CLI parsing, loading the decoder, reading, redaction, analysis, rendering. The
// phases run one after the other; the CLI itself loads the analysis and the renderer while the
// decoder works on libuv's pool, so its wall time is less than their sum.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../src/analysis/analyze.js';
import { readInput } from '../src/archive/input.js';
import { repoPath } from '../test/helpers/paths.js';

const runs = Number(process.argv[3] ?? 5);
const clis = [repoPath('bin', 'hostsnap.js'), ...process.argv.slice(4)];

interface Measure {
  seconds: number;
  /** User plus system CPU of the command and the children it waited for (tar's xz). */
  cpuSeconds: number;
  maxRssKb: number;
}

/**
 * One command under GNU time: wall seconds, CPU seconds, and the peak resident set of the
 * largest process. CPU is printed too because on a shared 2-core machine wall time swings with
 * the load of others; CPU does much less.
 */
function timed(argv: string[]): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '@@ %e %U %S %M', ...argv], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const m = /@@ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${argv.join(' ')} failed: ${r.stderr.slice(-500)}`);
  return { seconds: Number(m[1]), cpuSeconds: Number(m[2]) + Number(m[3]), maxRssKb: Number(m[4]) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The CLI's steps, one after the other, in a fresh node: CPU (user+sys) and wall of each, so that
 * a cut shows where it lands. The steps import what `hostsnap analyze PATH --format json` imports,
 * in its order; `mark` records the CPU and wall since the previous step.
 */
function phaseScript(tarball: string): string {
  const dist = (...parts: string[]): string => JSON.stringify(pathToFileURL(repoPath('dist', ...parts)).href);
  return `const rows = []; let last = [0, 0];
    const mark = (name) => { const c = process.cpuUsage(); const now = [(c.user + c.system) / 1000, performance.now()]; rows.push([name, now[0] - last[0], now[1] - last[1]]); last = now; };
    mark('node start');
    await import(${dist('src', 'cli', 'index.js')}); mark('load the CLI (yargs)');
    // The yargs the CLI loaded (src/cli/index.ts: the CommonJS factory), from the cache.
    const yargs = (await import('node:module')).createRequire(${dist('src', 'cli', 'index.js')})('yargs/yargs');
    const { analyzeCommand } = await import(${dist('src', 'cli', 'commands', 'analyze.js')}); mark('load analyze command');
    await yargs(['analyze', ${JSON.stringify(tarball)}, '--format', 'json']).strict().help().version(false)
      .command(analyzeCommand.name, analyzeCommand.describe, analyzeCommand.builder, () => undefined).parseAsync(); mark('CLI parsing');
    await import('lzma-native'); mark('load the xz decoder');
    const { sniffTarball } = await import(${dist('src', 'archive', 'sniff.js')});
    const { readSosTarball } = await import(${dist('src', 'archive', 'sos-tarball.js')});
    const { redactSourceSet } = await import(${dist('src', 'redact', 'sources.js')});
    mark('load the readers');
    const { analyze } = await import(${dist('src', 'analysis', 'analyze.js')}); mark('load the analysis');
    const { renderJson } = await import(${dist('src', 'report', 'json.js')}); mark('load the json renderer');
    const sniffed = await sniffTarball(${JSON.stringify(tarball)}); mark('sniff the kind (decodes 1 MiB)');
    const read = await readSosTarball(${JSON.stringify(tarball)}, sniffed.bytes); mark('read: decompress, walk tar');
    const set = redactSourceSet(read).set; mark('redact');
    const analysis = analyze(set); mark('analyze: parse, facts, rules');
    const text = renderJson(analysis); mark('render json');
    process.stdout.write(JSON.stringify(rows));`;
}

/** Each phase's median CPU and wall over `count` fresh processes. */
function phases(tarball: string, count: number): Array<[string, number, number]> {
  const runs: Array<Array<[string, number, number]>> = [];
  for (let i = 0; i < count; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', phaseScript(tarball)], { cwd: repoPath(), encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`phases failed: ${r.stderr.slice(-500)}`);
    runs.push(JSON.parse(r.stdout) as Array<[string, number, number]>);
  }
  return runs[0].map(([name], k) => [name, median(runs.map((rows) => rows[k][1])), median(runs.map((rows) => rows[k][2]))]);
}

function makeTarball(dir: string): string {
  const r = spawnSync('sos', ['report', '--batch', '-o', 'memory,kernel,process,logs', '--tmp-dir', dir, '-z', 'xz'], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`sos report failed: ${r.stderr}`);
  return join(dir, readdirSync(dir).find((n) => n.endsWith('.tar.xz'))!);
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'hostsnap-bench-analyze-'));
  try {
    const tarball = process.argv[2] === undefined || process.argv[2] === 'make' ? makeTarball(scratch) : process.argv[2];
    const unpackDir = join(scratch, 'unpacked');
    const tar: Measure[] = [];
    const byCli: Measure[][] = clis.map(() => []);
    for (let i = 0; i < runs; i++) {
      rmSync(unpackDir, { recursive: true, force: true });
      spawnSync('mkdir', ['-p', unpackDir]);
      tar.push(timed(['tar', '-xf', tarball, '-C', unpackDir]));
      clis.forEach((bin, k) => byCli[k].push(timed([process.execPath, bin, 'analyze', tarball, '--format', 'json'])));
    }
    const cli = byCli[0];
    const unpackedBytes = Number(spawnSync('du', ['-sb', unpackDir], { encoding: 'utf8' }).stdout.split('\t')[0]);
    // In this process: reading and analysis alone, without node's start-up.
    const started = performance.now();
    const set = await readInput(tarball);
    const document = analyze(set).document;
    const inProcess = (performance.now() - started) / 1000;
    const node = Array.from({ length: 3 }, () => timed([process.execPath, '-e', '0']));
    // Loading the analyze command's modules alone (what `hostsnap analyze` pays before reading a byte).
    const load = Array.from({ length: 3 }, () => timed([process.execPath, '--input-type=module', '-e', `await import(${JSON.stringify(repoPath('dist', 'src', 'cli', 'commands', 'analyze.js'))})`]));
    const nodeStart = median(node.map((m) => m.seconds));
    const nodeCpu = median(node.map((m) => m.cpuSeconds));

    const tarS = median(tar.map((m) => m.seconds));
    const cliS = median(cli.map((m) => m.seconds));
    const tarCpu = median(tar.map((m) => m.cpuSeconds));
    const cliCpu = median(cli.map((m) => m.cpuSeconds));
    const mb = (kb: number): string => (kb / 1024).toFixed(1);
    console.log(`tarball          ${tarball} (${(statSync(tarball).size / 1e6).toFixed(2)} MB, ${(unpackedBytes / 1e6).toFixed(1)} MB unpacked)`);
    console.log(`machine          ${os.cpus().length} cpus, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; median of ${runs} runs`);
    console.log(`tar xf alone     ${tarS.toFixed(2)} s wall, ${tarCpu.toFixed(2)} s cpu, peak ${mb(median(tar.map((m) => m.maxRssKb)))} MB`);
    console.log(`hostsnap analyze ${cliS.toFixed(2)} s wall, ${cliCpu.toFixed(2)} s cpu, peak ${mb(Math.max(...cli.map((m) => m.maxRssKb)))} MB (whole CLI; node alone: ${nodeStart.toFixed(2)} s wall, ${nodeCpu.toFixed(2)} s cpu)`);
    console.log(`  module load    ${median(load.map((m) => m.seconds)).toFixed(2)} s wall, ${median(load.map((m) => m.cpuSeconds)).toFixed(2)} s cpu, peak ${mb(median(load.map((m) => m.maxRssKb)))} MB (node and the analyze command's static imports, nothing read; the analysis and renderer load while the decoder works)`);
    console.log(`  in-process     ${inProcess.toFixed(2)} s wall to read and analyze (${set.sources.size} sources, ${document.findings.length} findings)`);
    console.log(`ratio            wall ${(cliS / tarS).toFixed(2)}x tar, cpu ${(cliCpu / tarCpu).toFixed(2)}x (goal < 2x); without node's start-up: wall ${((cliS - nodeStart) / tarS).toFixed(2)}x, cpu ${((cliCpu - nodeCpu) / tarCpu).toFixed(2)}x`);
    clis.slice(1).forEach((bin, k) => {
      const other = byCli[k + 1];
      const s = median(other.map((m) => m.seconds));
      const c = median(other.map((m) => m.cpuSeconds));
      console.log(`other CLI        ${bin}: ${s.toFixed(2)} s wall, ${c.toFixed(2)} s cpu, peak ${mb(Math.max(...other.map((m) => m.maxRssKb)))} MB; wall ${(s / tarS).toFixed(2)}x tar, cpu ${(c / tarCpu).toFixed(2)}x; this build's cpu is ${(cliCpu / c).toFixed(2)}x its`);
    });
    console.log('phases           (one fresh process each, median of 3; cpu ms, wall ms)');
    for (const [name, cpu, wall] of phases(tarball, 3)) console.log(`  ${name.padEnd(30)} ${cpu.toFixed(0).padStart(5)} cpu ${wall.toFixed(0).padStart(6)} wall`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
