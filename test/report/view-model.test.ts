// The view model on real inputs: the headline incident and a healthy machine's own outputs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { buildView } from '../../src/report/view-model.js';
import { repoPath } from '../helpers/paths.js';
import { incidentAnalysis, sourceSet } from './fixtures.js';

const fixture = (path: string): [string, string, string] => {
  const [id] = path.split('/') as [string];
  return [id, readFileSync(repoPath('test', 'fixtures', 'sources', path), 'utf8'), path];
};

test('incident: the header calls out the 32-bit kernel', async () => {
  const v = buildView(await incidentAnalysis());
  assert.equal(v.host.name, 'web1');
  assert.equal(v.host.kernel, '2.6.39-linode33');
  assert.equal(v.host.is32, true);
  assert.equal(v.host.bitsLabel, '32-bit');
});

test('incident: the lowmem-exhaustion finding leads the verdict with its first command', async () => {
  const v = buildView(await incidentAnalysis());
  assert.equal(v.verdict.level, 'critical');
  assert.equal(v.verdict.items[0]?.id, 'lowmem-exhaustion');
  assert.ok(v.verdict.items[0]?.firstStep.length, 'a first thing to do');
  const marked = v.findings[0]?.evidence.flatMap((e) => e.segments.filter((s) => s.mark).map((s) => s.text)) ?? [];
  assert.ok(marked.length > 0, 'the decisive figures are highlighted');
});

test('incident: the zone chart shows ZONE_NORMAL 92% reclaimable slab at the OOM kill', async () => {
  const v = buildView(await incidentAnalysis());
  const zones = v.memory.zones;
  assert.ok(zones, 'a per-zone chart for a 32-bit kernel');
  assert.deepEqual(zones.texts.filter((t) => t.cls === 'lbl').map((t) => t.text), ['DMA', 'Normal', 'HighMem']);
  const normalNote = zones.texts.find((t) => t.cls === 'note' && t.text.startsWith('702 MiB present'));
  assert.ok(normalNote, 'Normal: 719,320 kB present');
  assert.match(normalNote.text, /slab reclaimable 92%/);
  assert.match(normalNote.text, /all_unreclaimable/);
  const bg = zones.rects.find((r) => r.cls === 'seg-bg' && r.title.startsWith('Normal'));
  const slab = zones.rects.find((r) => r.cls === 'seg-srecl' && r.title.startsWith('Normal'));
  assert.ok(bg && slab);
  assert.ok(Math.abs(slab.w / bg.w - 664084 / 719320) < 0.01, `slab bar ${slab.w} of ${bg.w}`);
  assert.equal(zones.lines.filter((l) => l.cls === 'marker').length, 3, 'a min watermark per zone');
});

test('incident: the OOM timeline entry says trigger, gfp, order, cause and the killed process', async () => {
  const v = buildView(await incidentAnalysis());
  const event = v.oomEvents.find((e) => e.trigger.startsWith('apache2'));
  assert.ok(event);
  assert.equal(event.trigger, 'apache2 (pid 31143)');
  assert.match(event.gfp, /^0xd0/);
  assert.match(event.order, /^1 \(8 kB contiguous\)/);
  assert.equal(event.causeKey, 'lowmem');
  assert.ok(event.killed.some((k) => k.startsWith('rpc.statd (pid 2196')));
  assert.match(event.lines, /invoked oom-killer: gfp_mask=0xd0, order=1/);
});

test('incident: memory at collection comes from free, and the OOM dump adds its own row', async () => {
  const v = buildView(await incidentAnalysis());
  const labels = v.memory.charts[0]?.texts.filter((t) => t.cls === 'lbl').map((t) => t.text) ?? [];
  assert.deepEqual(labels, ['free', 'OOM Sep 10 01:07']);
});

test('incident: vmstat over the window leaves out the since-boot line', async () => {
  const v = buildView(await incidentAnalysis());
  assert.equal(v.vmstat.charts.length, 4);
  assert.match(v.vmstat.note, /^1 sample, .*left out/);
  const wa = v.vmstat.charts[3];
  assert.equal(wa?.legend[0]?.value, 'max 22%');
});

test('a healthy machine: no problem found, with what was read and what was not', () => {
  const analysis = analyze(sourceSet('folder', 'fixtures', [
    fixture('proc-meminfo/debian12-6.18-x86_64.txt'),
    fixture('nproc/debian12-6.18-x86_64.txt'),
    fixture('proc-buddyinfo/debian12-6.18-x86_64.txt'),
  ]));
  const v = buildView(analysis);
  assert.equal(v.verdict.level, 'ok');
  assert.equal(v.verdict.headline, 'No problem found');
  assert.match(v.verdict.checked, /^Read 3 sources: nproc, proc-buddyinfo, proc-meminfo\. Checked \(\d+ of \d+\): /);
  assert.ok(v.verdict.notChecked.some((n) => n.startsWith('The kernel ran out of memory: ')), 'no kernel log: the OOM check did not run');
  assert.equal(v.hasOom, false);
  assert.ok(v.missing.some((m) => m.missing === 'absent' && m.what.includes('vmstat')));
  const meminfo = v.memory.charts[0]?.texts.find((t) => t.cls === 'lbl');
  assert.equal(meminfo?.text, 'meminfo');
  assert.equal(v.memory.zones, null, 'no zone chart on a 64-bit machine without an OOM dump');
});

test('meminfo breakdown: the parts add up to MemTotal', () => {
  const text = readFileSync(repoPath('test', 'fixtures', 'sources', 'proc-meminfo', 'debian12-6.18-x86_64.txt'), 'utf8');
  const total = Number(/MemTotal:\s+(\d+)/.exec(text)?.[1]);
  const v = buildView(analyze(sourceSet('folder', 'fixtures', [['proc-meminfo', text, 'x']])));
  const chart = v.memory.charts[0];
  assert.ok(chart);
  const bg = chart.rects.find((r) => r.cls === 'seg-bg');
  const parts = chart.rects.filter((r) => r.cls.startsWith('seg-') && r.cls !== 'seg-bg');
  assert.ok(bg);
  const sum = parts.reduce((s, r) => s + r.w, 0);
  assert.ok(Math.abs(sum - bg.w) < 2, `parts ${sum} of ${bg.w}`);
  assert.ok(Number.isFinite(total) && total > 0);
});

test('incident: pidstat tables put flush-0:17 first by CPU and rm first by disk I/O', async () => {
  const v = buildView(await incidentAnalysis());
  const cpu = v.tables.find((t) => t.title === 'Top processes by CPU');
  const io = v.tables.find((t) => t.title === 'Top processes by disk I/O');
  assert.ok(cpu && io);
  assert.deepEqual(cpu.rows[0]?.cells.slice(0, 3).map((c) => c.text), ['9,871', 'flush-0:17', '100']);
  assert.equal(cpu.rows[0]?.cells[2]?.barPct, 100);
  assert.deepEqual(io.rows[0]?.cells.slice(0, 3).map((c) => c.text), ['15,100', 'rm', '3,256.95']);
  assert.match(cpu.note, /averages/);
});

test('slab and ps tables: largest first, from real slabtop and ps outputs', () => {
  const v = buildView(analyze(sourceSet('folder', 'fixtures', [
    fixture('slabtop/procps-ng-4.0.2-slabtop-o-s-c.txt'),
    fixture('ps/procps-ng-4.0.2-ps-eo-hostsnap.txt'),
  ])));
  const slab = v.tables.find((t) => t.title === 'Top slab caches');
  const ps = v.tables.find((t) => t.title === 'Top processes by memory (RSS)');
  assert.ok(slab && ps);
  assert.equal(slab.rows[0]?.cells[1]?.barPct, 100);
  const pct = slab.rows.map((r) => r.cells[1]?.barPct ?? 0);
  assert.deepEqual(pct, [...pct].sort((a, b) => b - a));
  const rss = ps.rows.map((r) => r.cells[2]?.barPct ?? 0);
  assert.deepEqual(rss, [...rss].sort((a, b) => b - a));
  assert.ok(ps.rows.length > 0 && ps.rows.length <= 10);
});

test('32-bit meminfo (LowTotal/LowFree): a lowmem row shows slab and free within lowmem', () => {
  const v = buildView(analyze(sourceSet('folder', 'fixtures', [fixture('proc-meminfo/linux-2.6-i686-highmem-lkml-2006.txt')])));
  const chart = v.memory.charts[0];
  assert.ok(chart);
  assert.deepEqual(chart.texts.filter((t) => t.cls === 'lbl').map((t) => t.text), ['meminfo', 'lowmem']);
  const lowBg = chart.rects.find((r) => r.cls === 'seg-bg' && r.title.startsWith('lowmem'));
  const lowFree = chart.rects.find((r) => r.cls === 'seg-free' && r.title.startsWith('lowmem'));
  assert.ok(lowBg && lowFree);
  // LowFree 217,528 of LowTotal 896,648 kB, as the 2006 kernel printed them.
  assert.ok(Math.abs(lowFree.w / lowBg.w - 217528 / 896648) < 0.01);
});

test('a rule that fires several times: one verdict line, unique anchors', async () => {
  const analysis = await incidentAnalysis();
  const first = analysis.document.findings.find((f) => f.id === 'lowmem-exhaustion');
  assert.ok(first);
  analysis.document.findings.push({ ...first }, { ...first });
  const v = buildView(analysis);
  assert.equal(v.verdict.items.filter((i) => i.id === 'lowmem-exhaustion').length, 1);
  assert.equal(v.verdict.items.find((i) => i.id === 'lowmem-exhaustion')?.similar, 'and 2 more like it');
  const anchors = v.findings.map((f) => f.anchor);
  assert.equal(new Set(anchors).size, anchors.length);
  assert.ok(anchors.includes('finding-lowmem-exhaustion-3'));
});
