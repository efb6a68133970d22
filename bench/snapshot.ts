// Wall time of one SSH snapshot against its longest sampling window, as a ratio (goal ≤ 1.3).
// Run: npm run build && node dist/bench/snapshot.js [runs]   (starts its own sshd on 127.0.0.4)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotHost } from '../src/pipeline/snapshot.js';
import { PROBES } from '../src/probes/index.js';
import { startSshd } from '../test/helpers/sshd.js';

const runs = Math.max(1, Math.min(10, Number(process.argv[2] ?? 3)));
const windowMs = Math.max(...PROBES.map((p) => (p.sampleSeconds ?? 0) * 1000));
const host = await startSshd({ address: '127.0.0.4' });
const out = mkdtempSync(join(tmpdir(), 'hostsnap-bench-'));
try {
  console.log(`probes ${PROBES.length}, longest sampling window ${windowMs} ms, ${runs} runs, sshd ${host.target}`);
  const rows: Array<{ wall: number; collect: number }> = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await snapshotHost(host.target, { outDir: out, formats: ['html', 'md', 'json'], ssh: host.sshOptions() });
    const wall = performance.now() - started;
    rows.push({ wall, collect: result.collectMs });
    console.log(
      `run ${i + 1}: snapshot ${wall.toFixed(0)} ms (ratio ${(wall / windowMs).toFixed(2)}), ` +
        `collection alone ${result.collectMs} ms (ratio ${(result.collectMs / windowMs).toFixed(2)})`,
    );
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const wall = median(rows.map((r) => r.wall));
  const collect = median(rows.map((r) => r.collect));
  console.log(`median snapshot ${wall.toFixed(0)} ms / window ${windowMs} ms = ratio ${(wall / windowMs).toFixed(2)} (goal ≤ 1.3)`);
  console.log(`median collection ${collect} ms / window ${windowMs} ms = ratio ${(collect / windowMs).toFixed(2)}`);
} finally {
  await host.stop();
  rmSync(out, { recursive: true, force: true });
}
