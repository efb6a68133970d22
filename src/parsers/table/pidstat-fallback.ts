// hostsnap's pidstat stand-in (#hostsnap-pidstat-fallback v1): /proc/PID/stat samples into pidstat rows.
import type { PidstatFacts, PidstatRow } from '../pidstat.js';
import { unparsed, type Unparsed } from '../types.js';
import { noUnread } from './unread.js';
import { fieldsOf, linesOf, toDecimal, toInt } from '../lines/text.js';

/**
 * Printed by the probe's sh script where sysstat is missing (src/probes/pidstat-fallback.ts):
 *   #hostsnap-pidstat-fallback v1 clk_tck=100 pagesize=4096
 *   @sample 544.31                                   /proc/uptime's first figure
 *   11850 (a) (b c) S 11848 11844 5174 0 -1 …        raw /proc/PID/stat, one per process
 *   @io 11852 0 314572800                            pid read_bytes write_bytes (root only)
 *   @sample 546.44
 * comm may hold spaces and ")": the stat line is split at its LAST ')'. Each pair of samples
 * gives pidstat's columns over the interval: %usr/%system/%CPU from utime/stime ticks over
 * the uptime delta x clk_tck, minflt/s and majflt/s, VSZ (vsize bytes / 1024) and RSS (rss
 * pages x pagesize / 1024) in kB, CPU (processor), kB_rd/s and kB_wr/s from the @io deltas. A
 * pid counts only if its starttime is the same in both samples (not a reused pid).
 */

export const FALLBACK_MAGIC = '#hostsnap-pidstat-fallback';

interface Stat { comm: string; minflt: number; majflt: number; utime: number; stime: number; start: number; vsize: number; rss: number; cpu: number }
interface Sample { time: string; uptime: number; stats: Map<number, Stat>; io: Map<number, [number, number]> }

// Positions after the ")" (man 5 proc numbers minus 3): state 0, minflt 7, majflt 9, utime 11,
// stime 12, starttime 19, vsize 20, rss 21, processor 36.
function statOf(line: string): [number, Stat] | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = toInt(line.slice(0, open).trim());
  const f = fieldsOf(line.slice(close + 1)).map(toInt);
  const pick = (i: number): number | null => f[i] ?? null;
  const [minflt, majflt, utime, stime, start, vsize, rss, cpu] = [7, 9, 11, 12, 19, 20, 21, 36].map(pick);
  if (pid === null || minflt === null || majflt === null || utime === null || stime === null || start === null || vsize === null || rss === null) return null;
  return [pid, { comm: line.slice(open + 1, close), minflt, majflt, utime, stime, start, vsize, rss, cpu: cpu ?? -1 }];
}

function samplesOf(lines: string[]): Sample[] {
  const samples: Sample[] = [];
  for (const line of lines) {
    const fields = fieldsOf(line);
    if (fields[0] === '@sample') {
      const uptime = toDecimal(fields[1]);
      if (uptime !== null) samples.push({ time: fields[1], uptime, stats: new Map(), io: new Map() });
      continue;
    }
    const current = samples[samples.length - 1];
    if (!current) continue;
    if (fields[0] === '@io') {
      const [pid, read, write] = fields.slice(1, 4).map(toInt);
      if (pid !== null && read !== null && write !== null) current.io.set(pid, [read, write]);
      continue;
    }
    const stat = statOf(line);
    if (stat) current.stats.set(stat[0], stat[1]);
  }
  return samples;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** pidstat's columns for one process between two samples. */
function rowOf(pid: number, a: Sample, b: Sample, clkTck: number, pageKb: number): PidstatRow | null {
  const s1 = a.stats.get(pid);
  const s2 = b.stats.get(pid);
  const dt = b.uptime - a.uptime;
  if (!s1 || !s2 || s1.start !== s2.start || !(dt > 0)) return null;
  const pct = (ticks: number): number => round2((ticks / clkTck / dt) * 100);
  const usr = pct(s2.utime - s1.utime);
  const system = pct(s2.stime - s1.stime);
  const values: Record<string, number> = Object.assign(Object.create(null), {
    '%usr': usr, '%system': system, '%CPU': round2(usr + system),
    'minflt/s': round2((s2.minflt - s1.minflt) / dt), 'majflt/s': round2((s2.majflt - s1.majflt) / dt),
    VSZ: Math.round(s2.vsize / 1024), RSS: Math.round(s2.rss * pageKb),
  });
  if (s2.cpu >= 0) values.CPU = s2.cpu;
  const io1 = a.io.get(pid);
  const io2 = b.io.get(pid);
  if (io1 && io2) {
    values['kB_rd/s'] = round2((io2[0] - io1[0]) / 1024 / dt);
    values['kB_wr/s'] = round2((io2[1] - io1[1]) / 1024 / dt);
  }
  return { time: b.time, pid, uid: null, command: s2.comm, values, user: null, clock: null };
}

export function parseFallback(text: string): PidstatFacts | Unparsed {
  const lines = linesOf(text);
  const head = lines.find((l) => l.trim() !== '') ?? '';
  const clkTck = toInt(/clk_tck=(\d+)/.exec(head)?.[1]) ?? 100;
  const pageSize = toInt(/pagesize=(\d+)/.exec(head)?.[1]) ?? 4096;
  if (!/^#hostsnap-pidstat-fallback v1\b/.test(head.trim())) return unparsed(`unknown fallback format version: ${head.slice(0, 60)}`, text);
  if (clkTck <= 0 || pageSize <= 0) return unparsed('clk_tck or pagesize is zero', text);
  const samples = samplesOf(lines);
  if (samples.length < 2) return unparsed(`the /proc fallback needs two samples, found ${samples.length}`, text);
  const rows: PidstatRow[] = [];
  for (let i = 1; i < samples.length; i++) {
    for (const pid of samples[i].stats.keys()) {
      const row = rowOf(pid, samples[i - 1], samples[i], clkTck, pageSize / 1024);
      if (row) rows.push(row);
    }
  }
  if (rows.length === 0) return unparsed('no process is in two samples', text);
  // Averages span the first to the last sample; with two samples they equal the rows.
  const first = samples[0];
  const last = samples[samples.length - 1];
  const averages = [...last.stats.keys()]
    .map((pid) => rowOf(pid, first, last, clkTck, pageSize / 1024))
    .filter((r): r is PidstatRow => r !== null)
    .map((r) => ({ ...r, time: 'Average' }));
  return { header: null, rows, averages, fromProcFallback: true, unread: noUnread() };
}
