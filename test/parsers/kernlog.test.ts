// kernlog parser on real kernel logs: the headline incident (2.6.39 i686), live 6.18 memcg OOMs,
// public 3.10, 5.4 (arm64) and 5.19 (cgroup v2) dumps; figures below were read off the dumps by eye.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernlog, parseKernlogText } from '../../src/parsers/kernlog.js';
import type { KernlogFacts, OomEvent } from '../../src/parsers/kernlog-types.js';
import { incidentPath, repoPath } from '../helpers/paths.js';
import { readFileSync } from 'node:fs';
import { kernlogFixture, kernlogFixtures } from './kernlog/fixtures.js';

function facts(name: string): KernlogFacts {
  const result = kernlog.run(kernlogFixture(name).text);
  assert.ok(result.ok, JSON.stringify(result));
  return result.facts;
}

const zone = (ev: OomEvent, name: string) => {
  const z = ev.zones.find((x) => x.name === name);
  assert.ok(z, `zone ${name}`);
  return z;
};

test('incident kern.log: a cut-off first event, then the apache2 lowmem dump', () => {
  const f = facts('kern-log/2011-web1-xen-i686-lowmem.txt');
  assert.equal(f.format, 'syslog');
  assert.equal(f.hostname, 'web1');
  assert.equal(f.kernelRelease, '2.6.39-linode33');
  assert.equal(f.oomEvents.length, 2);
  const [first, second] = f.oomEvents;
  assert.equal(first.headerMissing, true);
  assert.equal(first.trigger, null);
  assert.deepEqual(first.killed.map((k) => [k.pid, k.comm, k.score, k.anonRssKb]), [[2190, 'portmap', 1, 100]]);
  assert.deepEqual(first.lines, { first: 1, last: 2 });
  assert.equal(first.time, 'Sep 10 01:07:31');

  assert.equal(second.headerMissing, false);
  assert.deepEqual(second.trigger, { comm: 'apache2', pid: 31143 });
  assert.equal(second.gfpMask, '0xd0');
  assert.equal(second.order, 1);
  assert.equal(second.constraint, 'global');
  assert.equal(second.constraintSource, 'default-global');
  assert.equal(second.memcg, null);
  assert.equal(second.cause, null);
  assert.deepEqual(second.zones.map((z) => z.name), ['DMA', 'Normal', 'HighMem']);
  const normal = zone(second, 'Normal');
  assert.equal(normal.presentKb, 719320);
  assert.equal(normal.slabReclaimableKb, 664084);
  assert.equal(normal.allUnreclaimable, true);
  assert.deepEqual([normal.freeKb, normal.minKb, normal.lowKb, normal.highKb], [5376, 4004, 5004, 6004]);
  assert.equal(normal.figures.kernel_stack, 512);
  assert.deepEqual(normal.lowmemReservePages, [0, 0, 10444, 10444]);
  assert.equal(zone(second, 'HighMem').freeKb, 149216);
  assert.equal(zone(second, 'HighMem').allUnreclaimable, false);
  assert.deepEqual(second.swap, { freeKb: 524144, totalKb: 524284 });
  assert.equal(second.pageCounts['pages RAM'], 1050608);
  assert.equal(second.pageCounts['pages HighMem'], 865282);
  assert.equal(second.memInfo.slab_reclaimable, 166268);
  assert.deepEqual(second.buddy.find((b) => b.name === 'Normal')?.freeBlocks.slice(0, 3), [1310, 18, 0]);
  assert.equal(second.buddy.find((b) => b.name === 'Normal')?.totalKb, 5384);
  assert.ok(second.callTrace.includes('dup_task_struct'));
  assert.equal(second.callTrace[0], 'T.663');
  assert.equal(second.tasks.length, 12);
  assert.deepEqual(second.tasks.find((t) => t.pid === 2196),
    { pid: 2196, uid: 104, tgid: 2196, totalVmPages: 470, rssPages: 175, swapEntries: null, oomScoreAdj: 0,
      name: 'rpc.statd', columns: { uid: 104, tgid: 2196, total_vm: 470, rss: 175, cpu: 0, oom_adj: 0, oom_score_adj: 0 } });
  assert.deepEqual(second.killed,
    [{ pid: 2196, comm: 'rpc.statd', score: 1, totalVmKb: 1880, anonRssKb: 124, fileRssKb: 576, shmemRssKb: null }]);
  assert.deepEqual(second.lines, { first: 3, last: 74 });
  assert.equal(second.text.length, 72);
  assert.equal(second.text[0], 'Sep 10 01:07:31 web1 kernel: apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0, oom_score_adj=0');
});

test('the whole incident report (prose, free, pidstat and kern.log pasted together) gives the same two events', () => {
  const whole = kernlog.run(readFileSync(incidentPath, 'utf8'));
  assert.ok(whole.ok);
  const excerpt = facts('kern-log/2011-web1-xen-i686-lowmem.txt');
  const strip = (e: OomEvent) => ({ ...e, lines: null, text: null });
  assert.deepEqual(whole.facts.oomEvents.map(strip), excerpt.oomEvents.map(strip));
  assert.deepEqual(whole.facts.oomEvents.map((e) => e.lines), [{ first: 86, last: 87 }, { first: 88, last: 159 }]);
});

for (const name of ['dmesg/live-6.18-memcg-v1.txt', 'dmesg/live-6.18-memcg-v1-ctime.txt']) {
  test(`live memcg OOM of this machine's 6.18 kernel: ${name}`, () => {
    const f = facts(name);
    assert.equal(f.format, name.includes('ctime') ? 'dmesg-human' : 'dmesg');
    assert.equal(f.oomEvents.length, 1);
    const ev = f.oomEvents[0];
    assert.equal(ev.kind, 'memcg-oom');
    assert.deepEqual(ev.trigger, { comm: 'node', pid: 17520 });
    assert.equal(ev.gfpMask, '0xcc0');
    assert.deepEqual(ev.gfpFlags, ['GFP_KERNEL']);
    assert.equal(ev.constraint, 'memcg');
    assert.equal(ev.constraintSource, 'printed');
    assert.equal(ev.memcg, '/hostsnap-test-17292-1');
    assert.equal(ev.taskMemcg, '/hostsnap-test-17292-1');
    assert.deepEqual(ev.memcgUsage, { usageKb: 65536, limitKb: 65536, failcnt: 54 });
    assert.equal(ev.memcgCounters.kmem.usageKb, 748);
    assert.equal(ev.memcgStats[0].path, '/hostsnap-test-17292-1');
    assert.equal(ev.memcgStats[0].values.rss, 66342912);
    assert.equal(ev.memcgStats[0].values.total_pgfault, 16779);
    assert.equal(ev.tasks[0].columns.rss_anon, 16192);
    assert.equal(ev.tasks[0].columns.pgtables_bytes, 565248);
    assert.deepEqual(ev.killed,
      [{ pid: 17520, comm: 'node', score: null, totalVmKb: 919184, anonRssKb: 64768, fileRssKb: 33516, shmemRssKb: 0 }]);
    assert.ok(ev.callTrace.includes('mem_cgroup_out_of_memory'));
    if (name.includes('ctime')) assert.equal(ev.time, 'Thu Nov 26 01:55:09 2026');
    else assert.equal(ev.uptimeSeconds, 693.542835);
  });
}

test('3.10 memcg OOM with compulsory panic: memcg told by its stack, no kill', () => {
  const f = facts('dmesg/3.10-rhel7-kvm-memcg-compulsory-panic.txt');
  assert.equal(f.oomEvents.length, 1);
  const ev = f.oomEvents[0];
  assert.deepEqual(ev.trigger, { comm: 'DefSch0200', pid: 8284 });
  assert.equal(ev.panic, true);
  assert.equal(ev.panicReason, 'Out of memory: compulsory panic_on_oom is enabled');
  assert.equal(ev.kernelRelease, '3.10.0-229.42.1.105.x86_64');
  assert.deepEqual(ev.killed, []);
  assert.equal(ev.constraint, 'memcg');
  assert.equal(ev.constraintSource, 'memcg-marker');
  assert.equal(ev.memInfo.free, 6464114);
  assert.equal(ev.memInfo.free_cma, 0);
  assert.deepEqual(ev.zones.map((z) => [z.node, z.name, z.freeKb, z.managedKb]),
    [[0, 'DMA', 15900, 15908], [0, 'DMA32', 432780, 2787816], [0, 'Normal', 25407776, 46350696]]);
  assert.deepEqual(ev.hugepages, [{ node: 0, total: 1024, free: 0, surplus: 0, sizeKb: 2048 }]);
  assert.equal(ev.tasks.length, 111);
  assert.equal(ev.tasks.find((t) => t.pid === 6331)?.columns.nr_ptes, 5305);
  assert.equal(ev.buddy.find((b) => b.name === 'Normal')?.freeBlocks[10], 6196);
  // The panic's own CPU/Hardware lines (176-178) follow it and belong to the event.
  assert.equal(ev.lines.last, 178);
});

test('5.4 arm64: OOM dump, a nested page allocation failure, then the compulsory panic', () => {
  const f = facts('dmesg/5.4.74-arm64-cma-compulsory-panic.txt');
  assert.deepEqual(f.oomEvents.map((e) => [e.kind, e.panic, e.constraint]),
    [['oom-kill', false, 'global'], ['alloc-failure', false, null], ['oom-kill', true, 'global']]);
  const [oom, alloc, panic] = f.oomEvents;
  assert.equal(oom.constraintSource, 'printed');
  assert.deepEqual(oom.gfpFlags, ['GFP_HIGHUSER_MOVABLE']);
  assert.equal(oom.nodes[0].figures.active_anon, 1314112);
  assert.equal(oom.nodes[0].figures.shmem_thp, 0);
  assert.equal(oom.nodes[0].allUnreclaimable, true);
  const dma32 = zone(oom, 'DMA32');
  assert.deepEqual([dma32.node, dma32.freeKb, dma32.managedKb, dma32.figures.free_cma], [0, 613120, 1996672, 523776]);
  assert.equal(dma32.allUnreclaimable, null);
  assert.deepEqual(oom.buddy[0].freeBlocks, [12, 10, 5, 5, 5, 4, 3, 1, 3, 2, 1, 1, 1, 0]);
  assert.equal(oom.hugepages.length, 3);
  assert.equal(oom.pageCounts['pages cma reserved'], 8192);
  assert.deepEqual(alloc.trigger, { comm: 'oncealloc2', pid: 1440 });
  assert.equal(alloc.order, 0);
  assert.deepEqual(alloc.gfpFlags, ['GFP_KERNEL', '__GFP_NORETRY', '__GFP_COMP']);
  assert.ok(alloc.callTrace.includes('warn_alloc'));
  assert.equal(zone(alloc, 'DMA32').freeKb, 613120);
  assert.equal(panic.constraintSource, 'default-global');
  assert.equal(panic.panicReason, 'Out of memory: compulsory panic_on_oom is enabled');
  assert.equal(panic.tasks.length, 11);
});

test('5.19 cgroup v2: memcg block with a stat per line, nothing killable', () => {
  const f = facts('kern-log/5.19-gcp-memcg-v2-no-killable.txt');
  assert.equal(f.format, 'syslog');
  const [ev] = f.oomEvents;
  assert.equal(f.oomEvents.length, 1);
  assert.equal(ev.kind, 'memcg-oom');
  assert.equal(ev.constraintSource, 'memcg-marker');
  assert.equal(ev.noKillableProcesses, true);
  assert.deepEqual(ev.killed, []);
  assert.equal(ev.uptimeSeconds, 3054438.925903);
  assert.deepEqual(ev.memcgCounters.swap, { usageKb: 0, limitKb: 524288, failcnt: 0 });
  assert.deepEqual(ev.memcgUsage, { usageKb: 524288, limitKb: 524288, failcnt: 142151742 });
  assert.deepEqual(ev.memcgStats[0].values, { anon: 528056320, file: 0, kernel: 7852032, inactive_anon: 528052224, active_anon: 4096 });
  assert.equal(ev.tasks[0].oomScoreAdj, -1000);
});

test('rsyslog captures on this machine: traditional and RFC 3339 stamps, [uptime] kept after kernel:', () => {
  const trad = facts('kern-log/live-6.18-rsyslog-traditional.txt');
  const iso = facts('kern-log/live-6.18-rsyslog-rfc3339.txt');
  assert.equal(trad.format, 'syslog');
  assert.equal(iso.format, 'syslog');
  assert.deepEqual(trad.oomEvents.map((e) => [e.time, e.uptimeSeconds, e.memcg, e.lines.first, e.lines.last]), [
    ['Nov 26 02:06:37', 1076.179229, '/hostsnap-test-8925-1', 1, 79],
    ['Nov 26 02:06:44', 1388.21804, '/hostsnap-test-13581-1', 80, 158]]);
  assert.deepEqual(iso.oomEvents.map((e) => e.time), ['2026-11-26T02:06:37.427476+00:00', '2026-11-26T02:06:44.899732+00:00']);
  const strip = (e: OomEvent) => ({ ...e, time: null, text: [] });
  assert.deepEqual(iso.oomEvents.map(strip), trad.oomEvents.map(strip));
});

test('/var/log/messages-like file: the lines of another program are skipped', () => {
  const f = facts('kern-log/live-6.18-rsyslog-messages-mixed.txt');
  assert.equal(f.lineCount, 80);
  assert.equal(f.oomEvents.length, 1);
  const ev = f.oomEvents[0];
  assert.deepEqual(ev.lines, { first: 2, last: 79 });
  assert.equal(ev.text.length, 78);
  assert.ok(ev.text.every((l) => l.includes(' kernel: ')));
  assert.deepEqual(ev.killed.map((k) => [k.pid, k.anonRssKb]), [[14039, 64640]]);
});

test('5.10 global OOM: a rate-limited kill without its dump, then a full dump with reaper', () => {
  const f = facts('dmesg/5.10-openeuler-global-anon-reaper.txt');
  const [cut, full] = f.oomEvents;
  assert.equal(f.oomEvents.length, 2);
  assert.equal(cut.headerMissing, true);
  assert.deepEqual(cut.lines, { first: 1, last: 2 });
  assert.equal(cut.uptimeSeconds, 112.9399);
  assert.deepEqual(cut.killed[0], { pid: 5515, comm: 'a.out', score: null, totalVmKb: 22022692, anonRssKb: 10875852, fileRssKb: 1336, shmemRssKb: 0 });
  assert.deepEqual(full.trigger, { comm: 'a.out', pid: 5532 });
  assert.equal(full.constraintSource, 'printed');
  assert.equal(full.taskMemcg, '/user.slice/user-0.slice/session-3.scope');
  assert.equal(full.memcg, null);
  assert.equal(full.memInfo.inactive_anon, 2820935);
  assert.equal(full.memInfo.free_cma, 0);
  assert.equal(full.nodes[0].figures.anon_thp, 10727424);
  assert.deepEqual(zone(full, 'Normal').lowmemReservePages, [0, 0, 0, 0, 0]);
  assert.equal(zone(full, 'Normal').figures.reserved_highatomic, 0);
  assert.equal(full.tasks.length, 39);
  assert.equal(full.tasks.find((t) => t.name === '(sd-pam)')?.pid, 5267);
  assert.equal(full.killed[0].anonRssKb, 11172224);
  assert.deepEqual(full.lines, { first: 3, last: 103 });
});

test('4.1 Android: order-2 allocation failure read through the device log prefix', () => {
  const f = facts('dmesg/4.1.18-android-hi3650-order2-alloc-failure.txt');
  assert.equal(f.format, 'dmesg');
  assert.equal(f.oomEvents.length, 1);
  const ev = f.oomEvents[0];
  assert.equal(ev.kind, 'alloc-failure');
  assert.deepEqual(ev.trigger, { comm: 'sManagerService', pid: 1361 });
  assert.deepEqual([ev.order, ev.gfpMask, ev.constraint, ev.time, ev.uptimeSeconds], [2, '0x2000d1', null, '07-13 08:41:51.341', 309805.658142]);
  assert.ok(ev.callTrace.includes('copy_process.part.46'));
  assert.deepEqual(ev.buddy.find((b) => b.name === 'DMA')?.freeBlocks, [68324, 24706, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(zone(ev, 'DMA').freeKb, 470628);
  assert.equal(ev.memInfo.free, 118678);
  assert.deepEqual(ev.swap, { freeKb: 0, totalKb: 524284 });
  assert.equal(ev.pageCounts['pages cma reserved'], 8192);
  assert.deepEqual(ev.lines, { first: 1, last: 36 });
});

test('4.x docker memcg v1, cut at its memcg block: "Task in … killed as a result of limit of"', () => {
  const f = facts('dmesg/4.x-docker-jdk10-memcg-v1-cut.txt');
  const [ev] = f.oomEvents;
  assert.equal(f.oomEvents.length, 1);
  assert.equal(ev.headerMissing, true);
  assert.equal(ev.trigger, null);
  const path = '/docker/a3e12dff9d68bc13bde666d06a99315faa310f2d6b35ee101e180440af2f3315';
  assert.deepEqual([ev.constraint, ev.constraintSource, ev.memcg, ev.taskMemcg], ['memcg', 'memcg-marker', path, path]);
  assert.deepEqual(ev.memcgStats[0], { path, kbSuffix: true, values: {
    cache: 72, rss: 524216, rss_huge: 344064, mapped_file: 0, dirty: 0, writeback: 0, inactive_anon: 20,
    active_anon: 512104, inactive_file: 12, active_file: 16, unevictable: 0 } });
  assert.equal(ev.tasks[0].columns.nr_pmds, 16);
  assert.deepEqual(ev.killed, [{ pid: 29816, comm: 'jshell', score: 723, totalVmKb: 44050084, anonRssKb: 348936, fileRssKb: 28392, shmemRssKb: null }]);
  assert.deepEqual(ev.lines, { first: 1, last: 9 });
});

test('5.13 syslog with other programs: hung tasks collected, no OOM event', () => {
  const f = facts('kern-log/5.13-ubuntu-syslog-hung-tasks.txt');
  assert.equal(f.format, 'syslog');
  assert.equal(f.oomEvents.length, 0);
  assert.deepEqual(f.hungTasks.map((h) => [h.time, h.comm, h.pid, h.seconds]), [
    ['Mar  5 08:31:52', 'ThreadPoolForeg', 1181536, 120], ['Mar  5 08:31:52', 'ThreadPoolForeg', 1182879, 120]]);
  assert.ok(f.hungTasks[0].line.startsWith('Mar  5 08:31:52 puma kernel: [10359910.034733] INFO: task'));
});

test('2.6.32 kill lines alone: "or a child" and vsz:, a sacrificed child', () => {
  const [ev] = facts('dmesg/2.6.32-ec2-kill-or-a-child.txt').oomEvents;
  assert.equal(ev.headerMissing, true);
  // httpd 20273 was chosen, its child php-cgi 1917 was killed: the kill is what counts.
  assert.deepEqual(ev.killed, [{ pid: 1917, comm: 'php-cgi', score: null, totalVmKb: 467184, anonRssKb: 101196, fileRssKb: 204, shmemRssKb: null }]);
});

test('an indented grep of syslog: the trigger without its dump, the kill, upstart lines left out', () => {
  const f = facts('kern-log/3.x-ubuntu-ec2-syslog-grep-kill.txt');
  assert.equal(f.format, 'syslog');
  assert.equal(f.oomEvents.length, 1);
  const ev = f.oomEvents[0];
  assert.deepEqual([ev.trigger, ev.gfpMask, ev.order, ev.time], [{ comm: 'ucrawler.rb:213', pid: null }, '0x201da', 0, 'Oct  3 22:19:59']);
  assert.deepEqual(ev.callTrace, ['oom_kill_process']);
  assert.deepEqual(ev.killed.map((k) => [k.pid, k.comm, k.score, k.anonRssKb]), [[25910, 'ruby', 979, 15310180]]);
  assert.deepEqual(ev.lines, { first: 5, last: 8 });
});

test('journalctl -k of this machine (short, short-iso, short-monotonic): one event, the user-space line left out', () => {
  const short = facts('kern-log/live-6.18-journalctl-k.txt');
  const iso = facts('kern-log/live-6.18-journalctl-k-short-iso.txt');
  const mono = facts('kern-log/live-6.18-journalctl-k-short-monotonic.txt');
  assert.deepEqual([short.format, iso.format, mono.format], ['syslog', 'syslog', 'journal']);
  assert.deepEqual([short.hostname, iso.hostname, mono.hostname], ['vm', 'vm', 'vm']);
  // No boot banner in these excerpts: the release comes from the dump's "CPU: … PID:" line.
  assert.equal(mono.kernelRelease, '6.18.44-fc-v782');
  for (const f of [short, iso, mono]) {
    assert.equal(f.oomEvents.length, 1);
    assert.deepEqual(f.oomEvents[0].lines, { first: 2, last: 79 });
    assert.equal(f.oomEvents[0].memcg, '/hostsnap-test-22441-1');
    assert.deepEqual(f.oomEvents[0].trigger, { comm: 'node', pid: 22452 });
  }
  assert.equal(mono.oomEvents[0].uptimeSeconds, 1987.521297);
  assert.equal(iso.oomEvents[0].time, '2026-11-26T02:16:44+0000');
  const strip = (e: OomEvent) => ({ ...e, time: null, uptimeSeconds: null, text: [] });
  assert.deepEqual(iso.oomEvents.map(strip), short.oomEvents.map(strip));
  assert.deepEqual(mono.oomEvents.map(strip), short.oomEvents.map(strip));
});

test('4.9 i686 (public): lowmem exhaustion on a 32-bit kernel, unstamped Mem-Info continuation lines', () => {
  const f = facts('kern-log/4.9-gentoo-i686-lowmem-btrfs.txt');
  assert.equal(f.oomEvents.length, 1);
  const ev = f.oomEvents[0];
  assert.deepEqual([ev.trigger, ev.order, ev.gfpMask], [{ comm: 'kthreadd', pid: 2 }, 1, '0x27080c0']);
  assert.deepEqual(ev.gfpFlags, ['GFP_KERNEL_ACCOUNT', '__GFP_ZERO', '__GFP_NOTRACK']);
  assert.deepEqual(ev.memInfo, { active_anon: 132176, inactive_anon: 11640, isolated_anon: 0, active_file: 295257,
    inactive_file: 389350, isolated_file: 20, unevictable: 0, dirty: 3956, writeback: 0, unstable: 0,
    slab_reclaimable: 54632, slab_unreclaimable: 21963, mapped: 36724, shmem: 11853, pagetables: 914, bounce: 0,
    free: 77600, free_pcp: 327, free_cma: 0 });
  const normal = zone(ev, 'Normal');
  assert.deepEqual([normal.freeKb, normal.minKb, normal.presentKb, normal.managedKb, normal.slabReclaimableKb, normal.activeFileKb],
    [41008, 41100, 897016, 831480, 213172, 470556]);
  assert.equal(normal.allUnreclaimable, null);
  assert.equal(ev.nodes[0].allUnreclaimable, true);
  assert.equal(ev.nodes[0].figures.shmem_pmdmapped, 172032);
  assert.equal(zone(ev, 'HighMem').freeKb, 265416);
  assert.equal(ev.pageCounts['pages HighMem/MovableOnly'], 778564);
  assert.deepEqual(ev.swap, { freeKb: 3781628, totalKb: 3781628 });
  assert.equal(ev.tasks.length, 60);
  assert.deepEqual(ev.killed, [{ pid: 12950, comm: 'firefox', score: 38, totalVmKb: 788928, anonRssKb: 192656, fileRssKb: 100548, shmemRssKb: 24 }]);
  assert.deepEqual(ev.lines, { first: 2, last: 116 });
});

test('dmesg -x and dmesg -r of the same live event: the user-space marker is left out of -x', () => {
  const decoded = facts('dmesg/live-6.18-memcg-v1-decode-x.txt');
  const raw = facts('dmesg/live-6.18-memcg-v1-raw-r.txt');
  assert.deepEqual([decoded.format, raw.format], ['dmesg', 'dmesg']);
  assert.deepEqual(decoded.oomEvents.map((e) => ({ ...e, text: [] })), raw.oomEvents.map((e) => ({ ...e, text: [] })));
  const [ev] = decoded.oomEvents;
  assert.equal(decoded.oomEvents.length, 1);
  assert.deepEqual([ev.lines, ev.uptimeSeconds, ev.memcg], [{ first: 2, last: 79 }, 1987.521297, '/hostsnap-test-22441-1']);
  assert.ok(ev.text[0].startsWith('kern  :warn  : [ 1987.521297] node invoked oom-killer'));
});

// The expert readings (expected.json) are for the classifier; what the parser itself decides —
// how many events, the constraint, the panic, who was killed — must agree with them.
test('the expert readings cover the OOM fixtures (a vanished list would test nothing)', () => {
  assert.ok(kernlogFixtures().filter((f) => f.expected).length >= 15);
});

for (const fx of kernlogFixtures().filter((f) => f.expected)) {
  test(`kernlog agrees with the expert reading of ${fx.name}`, () => {
    const result = kernlog.run(fx.text);
    assert.ok(result.ok);
    const got = result.facts.oomEvents.map((e) => ({ constraint: e.constraint, panic: e.panic, killed: e.killed.map((k) => k.pid) }));
    const want = fx.expected!.events.map((e) => ({ constraint: e.constraint, panic: e.panic, killed: e.killed }));
    assert.deepEqual(got, want);
    assert.ok(result.facts.oomEvents.every((e) => e.cause === null), 'the parser leaves cause to the analysis');
  });
}

for (const [name, text] of [['empty', ''], ['prose', 'nothing to see here\nreally\n'], ['free output', 'Mem: 2003 1866 137 0 3 1159\n']]) {
  test(`kernlog: ${name} is unparsed with a reason`, () => {
    const result = kernlog.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}

test('a journal with nothing to show ("-- No entries --", journalctl 252) is an empty kernel log, not foreign text', () => {
  const outcome = kernlog.run(readFileSync(repoPath('test', 'fixtures', 'sources', 'kern-log', 'journalctl-252-k-no-entries.txt'), 'utf8'));
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  assert.equal(outcome.facts.format, 'journal');
  assert.equal(outcome.facts.oomEvents.length, 0);
});

test('android-x86 4.12 (public): an allocation-failure header wrapped after "order:0," with no blank', () => {
  const text = readFileSync(repoPath('test', 'fixtures', 'oom-corpus', '4.12-android-x86-github-wrapped-header-i915-failure.txt'), 'utf8');
  const events = parseKernlogText(text).oomEvents;
  assert.equal(events.length, 1);
  assert.deepEqual([events[0].kind, events[0].trigger, events[0].gfpMask, events[0].order], ['alloc-failure', { comm: 'RenderThread', pid: 12353 }, '0x14210d2', 0]);
  assert.deepEqual(events[0].gfpFlags, ['GFP_HIGHUSER', '__GFP_NORETRY', '__GFP_RECLAIMABLE']);
});

test('6.1 arm (public): a dmesg -H paste cut above its failure header is one by its warn_alloc frame', () => {
  const text = readFileSync(repoPath('test', 'fixtures', 'oom-corpus', '6.1.66-rpi-arch-github-dmesg-H-warn-alloc-from-cpu-line.txt'), 'utf8');
  const events = parseKernlogText(text).oomEvents;
  assert.equal(events.length, 1);
  assert.deepEqual([events[0].kind, events[0].headerMissing, events[0].trigger], ['alloc-failure', true, { comm: 'kworker/0:1', pid: 34 }]);
});
