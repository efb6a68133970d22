// Kernel-log parser benchmark: a log of >= 200 MB made of real OOM dumps (the kernlog fixtures)
// between real non-OOM lines of this machine's dmesg, read by the streaming parser; prints the
// throughput and the peak memory. Usage: node dist/bench/parse.js [MB, default 256]
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKernlogText } from '../src/parsers/kernlog.js';
import { parseKernlogFile } from '../src/parsers/kernlog/stream.js';
import { repoPath } from '../test/helpers/paths.js';

const MB = 1024 * 1024;
const targetMb = Number(process.argv[2] ?? 256);

function fixtureDumps(): string[] {
  return ['dmesg', 'kern-log'].flatMap((folder) => {
    const dir = repoPath('test/fixtures/sources', folder);
    return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
  });
}

/** This machine's kernel lines that belong to no OOM event (boot messages, drivers…). */
function machineNoise(): string[] {
  const out = spawnSync('dmesg', { encoding: 'utf8' }).stdout ?? '';
  const lines = out.split('\n').filter((l) => l !== '');
  const inEvent = new Set<number>();
  for (const ev of parseKernlogText(out).oomEvents) {
    for (let n = ev.lines.first; n <= ev.lines.last; n++) inEvent.add(n);
  }
  const noise = lines.filter((_, i) => !inEvent.has(i + 1) && !lines[i].includes('invoked oom-killer'));
  if (noise.length === 0) throw new Error('dmesg gave no lines (run as root)');
  return noise;
}

async function writeLog(path: string, dumps: string[], noise: string[]): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let n = 0;
  while (bytes < targetMb * MB) {
    // 50 noise lines between dumps, taken in turn from the machine's own log.
    const filler = Array.from({ length: 50 }, (_, i) => noise[(n * 50 + i) % noise.length]).join('\n') + '\n';
    const chunk = filler + dumps[n % dumps.length];
    bytes += Buffer.byteLength(chunk);
    n++;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hostsnap-bench-'));
  try {
    const path = join(dir, 'kern.log');
    const dumps = fixtureDumps();
    const pieces = await writeLog(path, dumps, machineNoise());
    const size = statSync(path).size;
    let peakRss = process.memoryUsage().rss;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const facts = await parseKernlogFile(path);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    const maxRssKb = process.resourceUsage().maxRSS;
    console.log(`log: ${(size / MB).toFixed(1)} MB, ${facts.lineCount} lines, ${pieces} dumps from ${dumps.length} fixtures`);
    console.log(`events: ${facts.oomEvents.length} kept, ${facts.droppedOomEvents} older counted (format ${facts.format})`);
    console.log(`time: ${seconds.toFixed(2)} s, throughput ${(size / MB / seconds).toFixed(1)} MB/s`);
    // Wall time depends on what else runs; CPU time is this parser's own cost.
    console.log(`cpu: ${cpuSeconds.toFixed(2)} s, ${(size / MB / cpuSeconds).toFixed(1)} MB per CPU-second (load average ${os.loadavg()[0].toFixed(1)})`);
    console.log(`peak RSS while parsing (sampled every 20 ms): ${(peakRss / MB).toFixed(1)} MB, peak heap used ${(peakHeap / MB).toFixed(1)} MB`);
    console.log(`process maxRSS (whole run, generation included): ${(maxRssKb / 1024).toFixed(1)} MB (goal: under 200 MB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
