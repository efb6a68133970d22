// memory-fragmentation: free memory only in small blocks: high-order allocations fail with memory free.
import type { Evidence } from '../analysis/types.js';
import { defineRule } from './define.js';
import { evidence, formatPct, kB, oomEvents, who, whenOf } from './helpers.js';

/** Orders above PAGE_ALLOC_COSTLY_ORDER (3) are what fragmentation starves first. */
const HIGH_ORDER = 4;
/** A zone with at least this much free memory ... */
const MIN_FREE_KB = 64 * 1024;
/** ... of which less than this share sits in blocks of HIGH_ORDER or more is fragmented. */
const HIGH_SHARE = 0.02;

export default defineRule({
  meta: {
    id: 'memory-fragmentation',
    severity: 'warning',
    title: 'Free memory is fragmented',
    description: 'The buddy allocator serves order-N requests (2^N contiguous pages) only from free blocks that large; with free memory split into single pages, kernel stacks, network buffers and huge pages fail although memory is free.',
    messages: {
      failed: '{{trigger}} could not get an order-{{order}} block ({{blockKb}} kB contiguous) at {{time}} although {{zone}} had {{free}} free: no free block of that order was left in its buddy lists.',
      buddy: 'Zone {{zone}} has {{free}} free but only {{highKb}} ({{highPct}}) in blocks of {{highOrderKb}} kB or more: high-order allocations (order ≥ {{highOrder}}) will fail or stall in compaction.',
    },
    advice: {
      compact: {
        text: 'Ask the kernel to compact memory now, and keep more free memory in reserve so that large blocks survive.',
        commands: ['echo 1 > /proc/sys/vm/compact_memory', 'cat /proc/buddyinfo', 'sysctl -w vm.min_free_kbytes=<larger>'],
        preconditions: 'CONFIG_COMPACTION (kernels 2.6.35+) for compact_memory.',
        risk: 'Compaction costs CPU while it runs; a larger min_free_kbytes takes memory from applications.',
      },
      smallerOrders: {
        text: 'Find who asks for high-order blocks (jumbo-frame NICs, order-3 kernel stacks, THP) and lower the order where possible.',
        commands: ['cat /sys/kernel/mm/transparent_hugepage/defrag', 'ip link show | grep mtu'],
      },
    },
  },
  requires: [['proc-buddyinfo', 'oom-events']],
  check(facts, context) {
    for (const { event, source } of oomEvents(facts)) {
      if (event.cause !== 'fragmentation' || event.order === null) continue;
      const zone = event.zones.find((z) => event.why.some((w) => w.text.includes(`${z.name} has`))) ?? event.zones.at(-1);
      context.report({
        messageId: 'failed',
        data: {
          trigger: who(event.trigger?.comm, event.trigger?.pid), order: event.order, blockKb: 4 << event.order,
          time: whenOf(event), zone: zone?.name ?? 'the zone', free: kB(zone?.freeKb),
        },
        evidence: event.why.filter((w) => w.source === source).slice(1),
        advice: ['compact', 'smallerOrders'],
      });
    }
    const buddy = facts.parsed.buddyinfo;
    if (!buddy) return;
    // The page size of /proc/buddyinfo is not printed: 4 kB (x86) is assumed.
    for (const z of buddy.zones) {
      const freeKb = z.freeBlocks.reduce((a, n, o) => a + n * 4 * 2 ** o, 0);
      const highKb = z.freeBlocks.slice(HIGH_ORDER).reduce((a, n, i) => a + n * 4 * 2 ** (i + HIGH_ORDER), 0);
      if (freeKb < MIN_FREE_KB || highKb >= HIGH_SHARE * freeKb) continue;
      const ev: Evidence[] = [evidence('proc-buddyinfo', `Node ${z.node}, zone ${z.zone} ${z.freeBlocks.join(' ')}`, [z.freeBlocks.slice(HIGH_ORDER).join(' ')])];
      context.report({
        messageId: 'buddy',
        data: { zone: `${z.zone} (node ${z.node})`, free: kB(freeKb), highKb: kB(highKb), highPct: formatPct(highKb, freeKb), highOrderKb: 4 << HIGH_ORDER, highOrder: HIGH_ORDER },
        evidence: ev,
        advice: ['compact', 'smallerOrders'],
      });
    }
  },
});
