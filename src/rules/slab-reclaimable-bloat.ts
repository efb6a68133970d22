// slab-reclaimable-bloat: dentry/inode caches grown large against memory, and who likely fed them.
import type { Evidence } from '../analysis/types.js';
import { memoryView, slabCaches } from '../facts/memory.js';
import { isHighMem, memInfoKb, pageKb, ramKb, zoneEvidenceText } from '../facts/oom.js';
import type { Facts } from '../facts/types.js';
import { defineRule } from './define.js';
import { currentSysctl, evidence, formatPct, kB, oomEvents, who } from './helpers.js';

/** Reclaimable slab above this share of RAM (or of lowmem on 32-bit) is bloat. */
const RAM_SHARE = 0.25;
const LOWMEM_SHARE = 0.5;
/** Metadata readers: kB_rd/s above this in pidstat -d, for a tree walker, names the producer. */
const READ_KBPS = 500;
const TREE_WALKERS = /^(rm|find|du|updatedb|mlocate|locate|rsync|tar|cp|mv|chown|chmod|chgrp|git|ls|backup.*|bacula.*|restic|borg|duplicity|tmpreaper|tmpwatch|logrotate|dpkg|rpm|yum|apt.*)$/;
const DENTRY_INODE = /^(dentry|.*inode_cache|inode_cache|xfs_inode|ext[234]_inode_cache|buffer_head)$/;

interface Measure { slabKb: number; wholeKb: number; wholeName: string; evidence: Evidence[] }

function measure(facts: Facts): Measure | null {
  // An OOM dump is the moment that mattered: prefer it (lowmem's Normal zone on 32-bit kernels).
  for (const { event, source } of oomEvents(facts)) {
    const normal = event.zones.find((z) => /^Normal$/i.test(z.name));
    if (normal?.slabReclaimableKb && normal.presentKb && event.zones.some((z) => isHighMem(z.name)) && normal.slabReclaimableKb >= LOWMEM_SHARE * normal.presentKb) {
      return { slabKb: normal.slabReclaimableKb, wholeKb: normal.presentKb, wholeName: 'lowmem ZONE_NORMAL', evidence: [evidence(source, zoneEvidenceText(event, normal), [`slab_reclaimable:${normal.slabReclaimableKb}kB`, `present:${normal.presentKb}kB`])] };
    }
    const slab = memInfoKb(event, pageKb(event), 'slab_reclaimable');
    const ram = ramKb(event);
    if (slab && ram && slab >= RAM_SHARE * ram) {
      const l = event.text.find((t) => /slab_reclaimable:\d+ /.test(t)) ?? `reclaimable slab as parsed from the dump (its line was not kept): ${slab} kB`;
      return { slabKb: slab, wholeKb: ram, wholeName: 'RAM', evidence: [evidence(source, l, [`slab_reclaimable:${event.memInfo.slab_reclaimable}`])] };
    }
  }
  const mem = memoryView(facts);
  if (mem?.slabReclaimableKb && mem.slabReclaimableKb >= RAM_SHARE * mem.totalKb) {
    return { slabKb: mem.slabReclaimableKb, wholeKb: mem.totalKb, wholeName: 'RAM', evidence: [evidence('proc-meminfo', `SReclaimable: ${mem.slabReclaimableKb} kB of MemTotal: ${mem.totalKb} kB`, [`SReclaimable: ${mem.slabReclaimableKb} kB`])] };
  }
  return null;
}

/** The heaviest reader among tree-walking commands in pidstat -d's averages (or rows). */
function producer(facts: Facts): { name: string; kbps: number; row: string } | null {
  const p = facts.parsed.pidstat;
  if (!p) return null;
  const rows = p.averages.length > 0 ? p.averages : p.rows;
  const readers = rows
    .filter((r) => (r.values['kB_rd/s'] ?? 0) >= READ_KBPS && TREE_WALKERS.test(r.command))
    .sort((a, b) => (b.values['kB_rd/s'] ?? 0) - (a.values['kB_rd/s'] ?? 0));
  const top = readers[0];
  if (!top) return null;
  return { name: who(top.command, top.pid), kbps: top.values['kB_rd/s'] ?? 0, row: `${top.time} ${top.pid} kB_rd/s=${top.values['kB_rd/s']} ${top.command}` };
}

export default defineRule({
  meta: {
    id: 'slab-reclaimable-bloat',
    severity: 'warning',
    title: 'Dentry and inode caches hold a large share of memory',
    description: 'Reclaimable slab (mostly dentries and inodes) is normally given back under pressure; when it fills lowmem or a large share of RAM, a tree walk or mass deletion is feeding it faster than reclaim frees it.',
    messages: {
      bloat: 'Reclaimable slab holds {{slab}}, {{pct}} of {{whole}}, {{wholeKb}}{{caches}}.',
      bloatWithProducer: 'Reclaimable slab holds {{slab}}, {{pct}} of {{whole}}, {{wholeKb}}{{caches}}. The likely producer is {{producer}}, reading {{kbps}} kB/s of mostly metadata (pidstat -d): each file it touches adds a dentry and an inode.',
    },
    advice: {
      vfsCachePressure: {
        text: 'Raise vm.vfs_cache_pressure from {{vfsCurrent}} to 200 so that dentries and inodes are reclaimed ahead of page cache; persist it in /etc/sysctl.d/90-hostsnap.conf.',
        commands: ['sysctl -w vm.vfs_cache_pressure=200', "echo 'vm.vfs_cache_pressure = 200' >> /etc/sysctl.d/90-hostsnap.conf"],
        risk: 'More metadata reads from disk for workloads that walk the same trees again.',
      },
      dropCaches: {
        text: 'While the mass deletion or tree walk runs, free dentries and inodes by hand, or run the job under ionice/nice in smaller batches.',
        commands: ['sync; echo 2 > /proc/sys/vm/drop_caches', 'slabtop -o -s c | head -15'],
        risk: 'Cold caches for a while; it does not change what refills them.',
      },
    },
  },
  requires: [['proc-meminfo', 'oom-events']],
  check(facts, context) {
    const m = measure(facts);
    if (!m) return;
    const slab = slabCaches(facts);
    const top = slab?.caches.filter((c) => DENTRY_INODE.test(c.name)).slice(0, 3) ?? [];
    const caches = top.length > 0 ? ` (${top.map((c) => `${c.name} ${kB(c.sizeKb)}`).join(', ')})` : '';
    const p = producer(facts);
    const ev = [...m.evidence];
    if (p) ev.push(evidence('pidstat', p.row, [`kB_rd/s=${p.kbps}`]));
    for (const c of top) ev.push(evidence(slab?.source ?? 'slab', `${c.name} ${c.activeObjs}/${c.numObjs} objects of ${c.objSize} B = ${c.sizeKb} kB`, [`${c.sizeKb} kB`]));
    context.report({
      messageId: p ? 'bloatWithProducer' : 'bloat',
      data: {
        slab: kB(m.slabKb), pct: formatPct(m.slabKb, m.wholeKb), whole: m.wholeName, wholeKb: kB(m.wholeKb), caches,
        producer: p?.name ?? '', kbps: p ? Math.round(p.kbps) : 0, vfsCurrent: currentSysctl(facts, 'vm.vfs_cache_pressure', '100'),
      },
      evidence: ev,
      advice: ['vfsCachePressure', 'dropCaches'],
    });
  },
});
