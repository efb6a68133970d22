// shmem-tmpfs: shared memory (tmpfs files, SysV/POSIX shm) holding a large share of RAM.
import { memoryView } from '../facts/memory.js';
import { memInfoKb, pageKb, ramKb } from '../facts/oom.js';
import { defineRule } from './define.js';
import { evidence, formatPct, kB, oomEvents, whenOf } from './helpers.js';

/** Shmem above this share of RAM is worth a look: tmpfs files are not freed by reclaim, only swapped. */
const RAM_SHARE = 0.25;

export default defineRule({
  meta: {
    id: 'shmem-tmpfs',
    severity: 'warning',
    title: 'Shared memory and tmpfs hold a large share of RAM',
    description: 'Shmem counts tmpfs files (/dev/shm, /run, /tmp on tmpfs) and SysV/POSIX shared memory: it looks like cache in free, but it cannot be dropped, only swapped; full tmpfs mounts are a classic hidden OOM cause.',
    messages: {
      large: 'Shmem holds {{shmem}}, {{pct}} of RAM ({{total}}): tmpfs files and shared memory segments that reclaim cannot free{{swapNote}}.',
      oom: 'The OOM at {{time}} was driven by shmem: {{shmem}} of {{total}} ({{pct}}) in tmpfs files or shared memory, which the kernel cannot drop.',
    },
    advice: {
      find: {
        text: 'Find the tmpfs mounts and segments that hold it, and delete what is stale.',
        commands: ['df -h -t tmpfs', 'du -xsh /dev/shm/* /run/* 2>/dev/null | sort -h | tail', 'ipcs -m'],
      },
      limit: {
        text: 'Cap tmpfs mounts so that one cannot take the host: size= on the mount (persist it in /etc/fstab).',
        commands: ['mount -o remount,size=2G /dev/shm'],
        risk: 'Programs writing to a full tmpfs get ENOSPC instead of the host running out of memory.',
      },
    },
  },
  requires: [['proc-meminfo', 'free', 'oom-events']],
  check(facts, context) {
    for (const { event, source } of oomEvents(facts)) {
      if (event.cause !== 'shmem') continue;
      const line = event.text.find((l) => /\bshmem:\d+/.test(l));
      const shmemKb = memInfoKb(event, pageKb(event), 'shmem') ?? 0;
      const ram = ramKb(event);
      context.report({
        messageId: 'oom',
        data: { time: whenOf(event), shmem: kB(shmemKb), total: kB(ram), pct: formatPct(shmemKb, ram) },
        evidence: line ? [evidence(source, line, [`shmem:${event.memInfo.shmem}`])] : [],
        advice: ['find', 'limit'],
      });
    }
    const mem = memoryView(facts);
    if (!mem?.shmemKb || mem.shmemKb < RAM_SHARE * mem.totalKb) return;
    context.report({
      messageId: 'large',
      data: {
        shmem: kB(mem.shmemKb), pct: formatPct(mem.shmemKb, mem.totalKb), total: kB(mem.totalKb),
        swapNote: mem.swapTotalKb === 0 ? ', and with no swap it stays in RAM until deleted' : '',
      },
      evidence: [evidence(mem.source, mem.source === 'free' ? `shared ${mem.shmemKb} kB of total ${mem.totalKb} kB` : `Shmem: ${mem.shmemKb} kB of MemTotal: ${mem.totalKb} kB`, [`${mem.shmemKb} kB`])],
      advice: ['find', 'limit'],
    });
  },
});
