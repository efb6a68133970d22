// slab-unreclaimable-growth: kernel memory that reclaim cannot free, large enough to suspect a leak (host-wide or in a memory cgroup).
import { memoryView, slabCaches } from '../facts/memory.js';
import { memInfoKb, pageKb, ramKb } from '../facts/oom.js';
import { memcgSlab } from '../facts/memcg-slab.js';
import type { Evidence } from '../analysis/types.js';
import { defineRule } from './define.js';
import { cgroupOf, evidence, formatPct, kB, oomEvents } from './helpers.js';

/** SUnreclaim above this share of RAM is not normal kernel overhead (a few % on a busy host). */
const RAM_SHARE = 0.15;
// Caches reclaim can shrink: not leak suspects.
const RECLAIMABLE = /^(dentry|.*inode.*|buffer_head|radix_tree_node|xfs_ili|ext4_extent_status|mbcache|nfs_.*|fuse_.*|jbd2_.*|kernfs_node_cache)$/;

export default defineRule({
  meta: {
    id: 'slab-unreclaimable-growth',
    severity: 'warning',
    title: 'Unreclaimable kernel slab is large',
    description: 'SUnreclaim (kmalloc caches, network buffers, driver and filesystem objects) is never given back under pressure; a large or growing share is usually a kernel or driver leak.',
    messages: {
      large: 'Unreclaimable slab holds {{slab}}, {{pct}} of RAM ({{total}}). Leak suspects by size: {{suspects}}.',
      memcg: 'Memory cgroup {{cgroup}} was filled by {{label}} that reclaim could not free: {{slab}}, {{pct}} of its {{limit}} limit, against {{anon}} of its own anonymous memory; the allocation that met the limit came from {{caller}}. Leak suspects by size: {{suspects}}.',
    },
    advice: {
      watch: {
        text: 'Watch which cache grows between two snapshots taken some hours apart (hostsnap schedule keeps them); a cache that only grows is the leak.',
        commands: ['slabtop -o -s c | head -20', 'grep -E "^(kmalloc|skbuff|sock)" /proc/slabinfo'],
      },
      report: {
        text: 'Match the growing cache to its owner (a kmalloc-* cache needs slub_debug=U or kmemleak to attribute) and upgrade the kernel or driver; a reboot frees it meanwhile.',
        commands: ['cat /sys/kernel/slab/<cache>/alloc_calls   # with slub_debug=U on the kernel command line'],
        preconditions: 'slub_debug and kmemleak need a reboot with the option set.',
        risk: 'slub_debug costs CPU and memory while it is on.',
      },
    },
  },
  requires: [['proc-meminfo', 'oom-events']],
  check(facts, context) {
    let slabKb: number | null = null;
    let totalKb: number | null = null;
    const ev: Evidence[] = [];
    const mem = memoryView(facts);
    if (mem?.slabUnreclaimableKb && mem.slabUnreclaimableKb >= RAM_SHARE * mem.totalKb) {
      slabKb = mem.slabUnreclaimableKb;
      totalKb = mem.totalKb;
      ev.push(evidence('proc-meminfo', `SUnreclaim: ${slabKb} kB of MemTotal: ${totalKb} kB`, [`SUnreclaim: ${slabKb} kB`]));
    } else {
      for (const { event, source } of oomEvents(facts)) {
        const kb = memInfoKb(event, pageKb(event), 'slab_unreclaimable');
        const ram = ramKb(event);
        if (!kb || !ram || (kb < RAM_SHARE * ram && event.cause !== 'slab_leak')) continue;
        slabKb = kb;
        totalKb = ram;
        const line = event.text.find((l) => /slab_unreclaimable:\d+ /.test(l));
        if (line) ev.push(evidence(source, line, [`slab_unreclaimable:${event.memInfo.slab_unreclaimable}`]));
        break;
      }
    }
    const slab = slabCaches(facts);
    const suspects = slab?.caches.filter((c) => !RECLAIMABLE.test(c.name)).slice(0, 5) ?? [];
    const suspectEvidence = suspects.map((c) => evidence(slab?.source ?? 'slab', `${c.name} ${c.numObjs} objects of ${c.objSize} B = ${c.sizeKb} kB`, [`${c.sizeKb} kB`]));
    const suspectList = suspects.length > 0 ? suspects.map((c) => `${c.name} (${kB(c.sizeKb)})`).join(', ') : 'unknown (no slabinfo or slabtop in the input)';
    if (slabKb !== null && totalKb !== null) {
      context.report({
        messageId: 'large',
        data: { slab: kB(slabKb), pct: formatPct(slabKb, totalKb), total: kB(totalKb), suspects: suspectList },
        evidence: [...ev, ...suspectEvidence],
        advice: ['watch', 'report'],
      });
      return;
    }
    // A memory cgroup's OOM: the host may be fine while one cgroup is full of kernel objects
    // it holds (open sockets, epoll watches, pipes). The limit, not RAM, is the measure.
    for (const { event, source } of oomEvents(facts)) {
      const m = memcgSlab(event);
      if (!m?.dominant) continue;
      context.report({
        messageId: 'memcg',
        data: {
          cgroup: cgroupOf(event), label: m.label, slab: kB(m.kb), pct: formatPct(m.kb, m.limitKb), limit: kB(m.limitKb),
          anon: m.anonKb === null ? 'an unknown amount (not in the dump)' : kB(m.anonKb),
          caller: m.caller ?? 'a kernel path the dump does not show', suspects: suspectList,
        },
        evidence: [
          evidence(source, m.line, [m.highlight]),
          ...(m.usageLine ? [evidence(source, m.usageLine, [`limit ${m.limitKb}kB`])] : []),
          ...suspectEvidence,
        ],
        advice: ['watch', 'report'],
      });
      return;
    }
  },
});
