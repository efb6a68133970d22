// lowmem-exhaustion: a 32-bit kernel's DMA+Normal zones full (of slab, typically) while HighMem is free.
import { gfpName } from '../facts/gfp.js';
import { allUnreclaimable, isHighMem, requestEvidenceText, zoneEvidenceText } from '../facts/oom.js';
import { memoryView } from '../facts/memory.js';
import { defineRule } from './define.js';
import { currentSysctl, evidence, formatPct, kB, oomEvents, preciseShare, sysctlValue, SYSCTL_FILE, who } from './helpers.js';

/** Live lowmem below this share of LowTotal on a 32-bit host is worth a warning. */
const LOW_FREE_SHARE = 0.1;

export default defineRule({
  meta: {
    id: 'lowmem-exhaustion',
    severity: 'critical',
    title: 'Lowmem of a 32-bit kernel is exhausted',
    description:
      'On 32-bit kernels only DMA and Normal (about 896 MB) can hold kernel memory: slab, kernel stacks, page tables. ' +
      'When dentry/inode caches fill ZONE_NORMAL, kernel allocations fail and the OOM killer runs although HighMem and swap are free.',
    messages: {
      exhausted:
        'The 32-bit kernel ran out of lowmem, not of memory: {{trigger}} asked for an order-{{order}} {{gfpName}} allocation ' +
        '(gfp_mask={{gfp}}), which only DMA and Normal can serve. ZONE_NORMAL holds {{normalSlab}} of reclaimable slab out of ' +
        '{{normalPresent}} present ({{slabPct}}), {{unreclaimable}}, with {{normalFree}} free against a min watermark of {{normalMin}}. ' +
        'HighMem still had {{highFree}} free and swap was {{swapFreePct}} free ({{swapFree}} of {{swapTotal}}), but neither can hold ' +
        'kernel memory: {{filler}}.',
      lowFree:
        'This 32-bit host has {{lowFree}} of lowmem free out of {{lowTotal}} ({{lowFreePct}}) while HighMem has {{highFree}} free: ' +
        'kernel allocations (slab, kernel stacks) can only use lowmem, so the OOM killer can strike with plenty of memory free.',
    },
    advice: {
      kernel64: {
        text: 'Move the host to a 64-bit (x86_64) kernel: all of its RAM is then directly mapped and usable by the kernel, so lowmem exhaustion cannot happen. This is the lasting fix.',
        commands: ["grep -qw lm /proc/cpuinfo && echo 'CPU is 64-bit capable'", 'uname -m'],
        preconditions: 'A 64-bit capable CPU (the lm flag); on a Xen PV guest, a 64-bit guest kernel from the provider; 32-bit userland runs on a 64-bit kernel, a full 64-bit reinstall is cleaner.',
        risk: 'A kernel change needs a reboot and a tested boot entry to fall back on.',
      },
      vfsCachePressure: {
        text: 'Raise vm.vfs_cache_pressure from {{vfsCurrent}} to 200 so that the kernel reclaims dentries and inodes ahead of page cache, and persist it in ' + SYSCTL_FILE + '.',
        commands: ['sysctl -w vm.vfs_cache_pressure=200', "echo 'vm.vfs_cache_pressure = 200' >> " + SYSCTL_FILE, 'sysctl vm.vfs_cache_pressure'],
        preconditions: 'Any kernel; takes effect at once.',
        risk: 'More dentry/inode cache misses: metadata-heavy jobs (find, rsync, backups) read the disk more often.',
      },
      dropCaches: {
        text: 'During large deletions or tree walks (rm -rf, find), free the dentry and inode caches by hand.',
        commands: ['sync; echo 2 > /proc/sys/vm/drop_caches'],
        preconditions: 'Run as root, when needed; never persisted.',
        risk: 'Caches are cold afterwards (a short burst of disk reads); it does not stop them from growing again.',
      },
      minFreeKbytes: {
        text: 'Raise vm.min_free_kbytes from {{minFreeCurrent}} to {{minFreeTarget}} so that reclaim starts earlier and the lowmem zones keep a reserve for kernel allocations; persist it in ' + SYSCTL_FILE + '.',
        commands: ['sysctl vm.min_free_kbytes', 'sysctl -w vm.min_free_kbytes={{minFreeTarget}}', "echo 'vm.min_free_kbytes = {{minFreeTarget}}' >> " + SYSCTL_FILE],
        preconditions: 'Keep it well under 5% of lowmem.',
        risk: 'That memory is unusable for anything else; too high a value causes the very OOMs it should prevent.',
      },
    },
  },
  requires: [['kernel-log', 'proc-meminfo', 'free']],
  check(facts, context) {
    const vfsCurrent = currentSysctl(facts, 'vm.vfs_cache_pressure', '100');
    for (const { event, source } of oomEvents(facts)) {
      if (event.cause !== 'lowmem' || event.zones.length === 0) continue;
      const normal = event.zones.find((z) => /^Normal$/i.test(z.name));
      const high = event.zones.find((z) => isHighMem(z.name));
      if (!normal || !high) continue;
      // What fills ZONE_NORMAL, largest first: the dump's own per-zone figures.
      const parts: Array<[string, number]> = [
        ['reclaimable slab (dentries, inodes)', normal.figures.slab_reclaimable ?? 0],
        ['file pages', (normal.figures.active_file ?? 0) + (normal.figures.inactive_file ?? 0)],
        ['unreclaimable slab', normal.figures.slab_unreclaimable ?? 0],
        ['anonymous pages', (normal.figures.active_anon ?? 0) + (normal.figures.inactive_anon ?? 0)],
        ['kernel stacks and page tables', (normal.figures.kernel_stack ?? 0) + (normal.figures.pagetables ?? 0)],
      ];
      const [top, second] = [...parts].sort((a, b) => b[1] - a[1]);
      const filler = normal.presentKb && top[1] >= 0.5 * normal.presentKb && top[0].startsWith('reclaimable slab')
        ? 'the dentry and inode caches exhausted lowmem'
        : `lowmem is filled by ${top[0]} (${kB(top[1])}) and ${second[0]} (${kB(second[1])})`;
      const sumMin = event.zones.reduce((a, z) => a + z.minKb, 0);
      const minFreeKnown = sysctlValue(facts, 'vm.min_free_kbytes');
      const minFreeNow = minFreeKnown === null ? sumMin : Number(minFreeKnown);
      const swap = event.swap;
      const ev = [
        evidence(source, requestEvidenceText(event), [`gfp_mask=${event.gfpMask}`, `order=${event.order}`]),
        evidence(source, zoneEvidenceText(event, normal), [
          `free:${normal.freeKb}kB`, `min:${normal.minKb}kB`, `present:${normal.presentKb}kB`, `slab_reclaimable:${normal.slabReclaimableKb}kB`,
          allUnreclaimable(event, normal) ? 'all_unreclaimable? yes' : null,
        ]),
        evidence(source, zoneEvidenceText(event, high), [`${high.name} free:${high.freeKb}kB`]),
      ];
      if (swap) {
        for (const l of event.text.filter((t) => /Free swap|Total swap/.test(t))) ev.push(evidence(source, l, [`${swap.freeKb}kB`, `${swap.totalKb}kB`]));
      }
      context.report({
        messageId: 'exhausted',
        data: {
          trigger: who(event.trigger?.comm, event.trigger?.pid),
          filler,
          order: event.order ?? 0,
          gfpName: gfpName(event),
          gfp: event.gfpMask ?? 'unknown',
          normalSlab: kB(normal.slabReclaimableKb),
          normalPresent: kB(normal.presentKb),
          slabPct: formatPct(normal.slabReclaimableKb ?? 0, normal.presentKb),
          unreclaimable: allUnreclaimable(event, normal) ? 'is marked all_unreclaimable (reclaim gave up on it)' : 'is not yet marked all_unreclaimable',
          normalFree: kB(normal.freeKb),
          normalMin: kB(normal.minKb),
          highFree: kB(high.freeKb),
          swapFreePct: swap ? preciseShare(swap.freeKb, swap.totalKb) : 'unknown',
          swapFree: kB(swap?.freeKb),
          swapTotal: kB(swap?.totalKb),
          vfsCurrent,
          minFreeCurrent: minFreeKnown ?? `about ${minFreeNow} (the zones' min watermarks add up to ${sumMin} kB)`,
          minFreeTarget: Math.max(16384, minFreeNow * 2),
        },
        evidence: ev,
        // The mitigation that helps tonight first (the report's verdict shows the first advice's
        // first command); the lasting fix, a 64-bit kernel, follows.
        advice: ['vfsCachePressure', 'kernel64', 'dropCaches', 'minFreeKbytes'],
      });
      return; // One finding: later events of the same shortage add nothing (oom-kill lists them all).
    }
    // No OOM dump: a live 32-bit host whose lowmem is nearly gone.
    const mem = memoryView(facts);
    if (!mem?.lowTotalKb || mem.lowFreeKb === null || mem.highTotalKb === null) return;
    if (mem.lowFreeKb >= LOW_FREE_SHARE * mem.lowTotalKb) return;
    const minFree = sysctlValue(facts, 'vm.min_free_kbytes');
    context.report({
      messageId: 'lowFree',
      severity: 'warning',
      data: {
        lowFree: kB(mem.lowFreeKb), lowTotal: kB(mem.lowTotalKb), lowFreePct: formatPct(mem.lowFreeKb, mem.lowTotalKb),
        highFree: kB(mem.highFreeKb), vfsCurrent,
        minFreeCurrent: minFree ?? 'an unknown value', minFreeTarget: Math.max(16384, Number(minFree ?? 0) * 2),
      },
      evidence: [evidence(mem.source, `LowFree: ${mem.lowFreeKb} kB of LowTotal: ${mem.lowTotalKb} kB; HighFree: ${mem.highFreeKb} kB`, [`LowFree: ${mem.lowFreeKb} kB`])],
      advice: ['vfsCachePressure', 'kernel64', 'minFreeKbytes'],
    });
  },
});
