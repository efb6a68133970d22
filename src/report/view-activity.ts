// Activity over the sampling window: vmstat charts and the top-N tables (pidstat, ps, slab).
import type { Facts } from '../facts/types.js';
import type { PidstatRow } from '../parsers/pidstat.js';
import { lineChart, sampleBars, type SvgChart } from './charts.js';
import { formatKb, formatNumber } from '../format/numbers.js';
import { oneLine } from '../format/control.js';
import type { Cell, TableView } from './view-types.js';

const TOP = 10;
const COMMAND_CHARS = 160;

const num = (v: number | null | undefined, digits = 2): Cell => ({ text: formatNumber(v, digits), num: true, wide: false, barPct: null });
const kbCell = (v: number | null | undefined): Cell => ({ text: formatKb(v), num: true, wide: false, barPct: null });
const txt = (v: string | null | undefined, wide = true): Cell => {
  const line = oneLine(v ?? '');
  return { text: line.length > COMMAND_CHARS ? line.slice(0, COMMAND_CHARS) + '…' : line, num: false, wide, barPct: null };
};

export function vmstatCharts(facts: Facts): { charts: SvgChart[]; note: string } {
  const all = facts.parsed.vmstat?.samples ?? [];
  // vmstat's first line is the average since boot, not a sample of the window: leave it out.
  const samples = all.length > 1 ? all.slice(1) : all;
  if (samples.length === 0) return { charts: [], note: '' };
  const col = (k: 'free' | 'si' | 'so' | 'bi' | 'bo' | 'wa') => samples.map((s) => (s[k] === null || s[k] === undefined ? null : s[k]));
  // Up to 12 samples read best as bars (a line of one or two points shows nothing).
  const chart = samples.length <= 12 ? sampleBars : lineChart;
  const charts = [
    chart('free memory (kB)', [{ label: 'free', cls: 's1', values: col('free') }], (v) => formatKb(v)),
    chart('swap in / out (kB/s)', [{ label: 'si', cls: 's1', values: col('si') }, { label: 'so', cls: 's2', values: col('so') }], (v) => formatNumber(v, 0)),
    chart('block in / out (blocks/s)', [{ label: 'bi', cls: 's1', values: col('bi') }, { label: 'bo', cls: 's2', values: col('bo') }], (v) => formatNumber(v, 0)),
    chart('CPU waiting for I/O (wa %)', [{ label: 'wa', cls: 's1', values: col('wa') }], (v) => `${formatNumber(v, 0)}%`),
  ];
  const note = `${samples.length} sample${samples.length === 1 ? '' : 's'}, one per interval` +
    (all.length > 1 ? '; the first vmstat line (averages since boot) is left out.' : '.');
  return { charts, note };
}

/** pidstat's Average rows, or, when the run was cut before them, every sample row. */
function pidstatRows(facts: Facts): PidstatRow[] {
  const p = facts.parsed.pidstat;
  if (!p) return [];
  return p.averages.length > 0 ? p.averages : p.rows;
}

function topBy(rows: PidstatRow[], score: (r: PidstatRow) => number | null): PidstatRow[] {
  return rows.map((r) => ({ r, s: score(r) })).filter((x): x is { r: PidstatRow; s: number } => x.s !== null && x.s > 0)
    .sort((a, b) => b.s - a.s).slice(0, TOP).map((x) => x.r);
}

function withBars(table: TableView, col: number, values: number[]): TableView {
  const max = Math.max(0, ...values);
  table.rows.forEach((row, i) => {
    const cell = row.cells[col];
    if (cell && max > 0) cell.barPct = Math.round(((values[i] ?? 0) / max) * 100);
  });
  return table;
}

export function pidstatTables(facts: Facts): TableView[] {
  const rows = pidstatRows(facts);
  if (rows.length === 0) return [];
  const which = facts.parsed.pidstat?.averages.length ? 'pidstat averages over the window' : 'pidstat samples (no Average rows)';
  const v = (r: PidstatRow, k: string): number | null => (typeof r.values[k] === 'number' ? (r.values[k] as number) : null);
  const tables: TableView[] = [];
  const cpu = topBy(rows, (r) => v(r, '%CPU') ?? (v(r, '%usr') ?? v(r, '%user') ?? 0) + (v(r, '%system') ?? 0));
  if (cpu.length) {
    const score = cpu.map((r) => v(r, '%CPU') ?? 0);
    tables.push(withBars({
      title: 'Top processes by CPU', note: which,
      columns: [{ label: 'PID', num: true }, { label: 'command', num: false }, { label: '%CPU', num: true }, { label: '%user', num: true }, { label: '%system', num: true }],
      rows: cpu.map((r) => ({ cells: [num(r.pid, 0), txt(r.command), num(v(r, '%CPU')), num(v(r, '%usr') ?? v(r, '%user')), num(v(r, '%system'))] })),
    }, 2, score));
  }
  const ioOf = (r: PidstatRow): number | null => (v(r, 'kB_rd/s') === null && v(r, 'kB_wr/s') === null ? null : (v(r, 'kB_rd/s') ?? 0) + (v(r, 'kB_wr/s') ?? 0));
  const io = topBy(rows, ioOf);
  if (io.length) {
    tables.push(withBars({
      title: 'Top processes by disk I/O', note: which,
      columns: [{ label: 'PID', num: true }, { label: 'command', num: false }, { label: 'kB/s read + written', num: true }, { label: 'kB read/s', num: true }, { label: 'kB written/s', num: true }, { label: 'kB cancelled/s', num: true }],
      rows: io.map((r) => ({ cells: [num(r.pid, 0), txt(r.command), num(ioOf(r)), num(v(r, 'kB_rd/s')), num(v(r, 'kB_wr/s')), num(v(r, 'kB_ccwr/s'))] })),
    }, 2, io.map((r) => ioOf(r) ?? 0)));
  }
  return tables;
}

export function psTable(facts: Facts): TableView[] {
  const procs = facts.parsed.ps?.processes ?? [];
  if (procs.length === 0) return [];
  const top = [...procs].sort((a, b) => (b.rssKb ?? 0) - (a.rssKb ?? 0)).slice(0, TOP);
  return [withBars({
    title: 'Top processes by memory (RSS)', note: `ps, ${procs.length} processes`,
    columns: [{ label: 'PID', num: true }, { label: 'user', num: false }, { label: 'RSS', num: true }, { label: 'VSZ', num: true }, { label: '%MEM', num: true }, { label: '%CPU', num: true }, { label: 'command', num: false }],
    rows: top.map((p) => ({ cells: [num(p.pid, 0), txt(p.user, false), kbCell(p.rssKb), kbCell(p.vszKb), num(p.memPct, 1), num(p.cpuPct, 1), txt(p.command)] })),
  }, 2, top.map((p) => p.rssKb ?? 0))];
}

export function slabTable(facts: Facts): TableView[] {
  const fromTop = facts.parsed.slabtop;
  const slab = fromTop && fromTop.caches.length ? fromTop : facts.parsed.slabinfo;
  if (!slab || slab.caches.length === 0) return [];
  const top = [...slab.caches].sort((a, b) => b.sizeKb - a.sizeKb).slice(0, TOP);
  return [withBars({
    title: 'Top slab caches', note: `${slab === fromTop ? 'slabtop' : '/proc/slabinfo'}, ${slab.caches.length} caches, ${formatKb(slab.totalKb)} in all`,
    columns: [{ label: 'cache', num: false }, { label: 'size', num: true }, { label: 'objects (active / all)', num: true }, { label: 'object size (B)', num: true }],
    rows: top.map((c) => ({ cells: [txt(c.name, false), kbCell(c.sizeKb), { text: `${formatNumber(c.activeObjs, 0)} / ${formatNumber(c.numObjs, 0)}`, num: true, wide: false, barPct: null }, num(c.objSize, 0)] })),
  }, 1, top.map((c) => c.sizeKb))];
}
