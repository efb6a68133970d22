// io-wait-writeback: CPUs waiting on I/O and writeback threads (flush-MAJ:MIN, kworker …+flush) busy.
import type { Evidence } from '../analysis/types.js';
import { nameDevice } from '../facts/devices.js';
import type { Facts } from '../facts/types.js';
import { defineRule } from './define.js';
import { evidence, listOf } from './helpers.js';

/** vmstat wa (% of CPU time waiting on I/O) worth a warning, over the live samples. */
const WA_PCT = 20;
/** A writeback thread above this %CPU (pidstat) is saturated. */
const FLUSH_CPU = 50;
// flush-MAJ:MIN: per-bdi flusher threads of kernels 2.6.32–3.x; since about 3.10 writeback runs in
// kworker threads whose name gets "+flush-MAJ:MIN" while they write back (kworker/u:N+flush-8:0).
const FLUSH = /^(?:flush-|kworker\/\S*\+flush-)(\d+):(\d+)$/;

interface Flusher { command: string; pid: number; cpu: number; major: number; minor: number }

function flushers(facts: Facts): Flusher[] {
  const p = facts.parsed.pidstat;
  if (!p) return [];
  const rows = p.averages.length > 0 ? p.averages : p.rows;
  return rows.flatMap((r) => {
    const m = FLUSH.exec(r.command);
    const cpu = r.values['%CPU'] ?? r.values['%system'] ?? 0;
    return m && cpu >= FLUSH_CPU ? [{ command: r.command, pid: r.pid, cpu, major: Number(m[1]), minor: Number(m[2]) }] : [];
  });
}

export default defineRule({
  meta: {
    id: 'io-wait-writeback',
    severity: 'warning',
    title: 'I/O wait and busy writeback',
    description: 'CPUs idle waiting for I/O (vmstat wa), processes blocked on I/O (b), and the kernel writeback threads named after the device they flush (flush-MAJ:MIN, kworker/u:N+flush-MAJ:MIN).',
    messages: {
      writeback:
        '{{flusher}} used {{cpu}}% CPU: it is the kernel writeback thread for block device {{device}} (flush-MAJ:MIN is the per-device flusher of kernels 2.6.32–3.x; newer kernels show kworker/u:N+flush-MAJ:MIN), {{deviceWords}}. CPUs waited on I/O up to {{waMax}}% of the time (vmstat wa) with {{blocked}} process(es) blocked.',
      iowait: 'CPUs waited on I/O {{waAvg}}% of the time on average, up to {{waMax}}% (vmstat wa over {{samples}} samples), with up to {{blocked}} process(es) blocked on I/O (b).',
    },
    advice: {
      whoWrites: {
        text: 'See which processes and which device carry the I/O, and whether the device is saturated.',
        commands: ['iostat -x 1 5', 'pidstat -d 1 5', 'grep -E "Dirty|Writeback" /proc/meminfo'],
      },
      findDevice: {
        text: 'Map the device number {{device}} to its mount point.',
        commands: ["awk '$3 == \"{{device}}\"' /proc/self/mountinfo", 'ls -l /dev | grep "{{major}}, *{{minor}}"'],
      },
      dirtyRatios: {
        text: 'If large bursts of dirty pages stall the host, write back earlier and in smaller batches with dirty_background_bytes/dirty_bytes; persist in /etc/sysctl.d/90-hostsnap.conf.',
        commands: ['sysctl vm.dirty_background_ratio vm.dirty_ratio', 'sysctl -w vm.dirty_background_bytes=67108864', "echo 'vm.dirty_background_bytes = 67108864' >> /etc/sysctl.d/90-hostsnap.conf"],
        risk: 'More, smaller writes: lower throughput for bulk writers.',
      },
    },
  },
  requires: [['vmstat', 'pidstat']],
  check(facts, context) {
    // The first vmstat line is the average since boot, not a sample: leave it out.
    const samples = facts.parsed.vmstat?.samples.slice(1) ?? [];
    const wa = samples.map((s) => s.wa ?? 0);
    const waMax = wa.length > 0 ? Math.max(...wa) : 0;
    const waAvg = wa.length > 0 ? wa.reduce((a, b) => a + b, 0) / wa.length : 0;
    const blocked = samples.length > 0 ? Math.max(...samples.map((s) => s.b)) : 0;
    const busy = flushers(facts);
    const vmEvidence: Evidence[] = samples.filter((s) => (s.wa ?? 0) === waMax && waMax > 0).slice(0, 1)
      .map((s) => evidence('vmstat', `r=${s.r} b=${s.b} bi=${s.bi} bo=${s.bo} us=${s.us} sy=${s.sy} id=${s.id} wa=${s.wa}`, [`wa=${s.wa}`, `b=${s.b}`]));
    if (busy.length > 0) {
      const f = busy[0];
      const dev = nameDevice(facts, f.major, f.minor);
      context.report({
        messageId: 'writeback',
        data: {
          flusher: listOf(busy.map((b) => `${b.command} (pid ${b.pid})`)), cpu: f.cpu, device: dev.id,
          deviceWords: dev.mount ? `mounted at ${dev.mount}` : `${dev.kind}; no mountinfo in the input to name its mount point`,
          waMax, blocked, major: f.major, minor: f.minor,
        },
        evidence: [evidence('pidstat', `${f.command} pid ${f.pid} %CPU ${f.cpu}`, [f.command, `${f.cpu}`]), ...vmEvidence],
        advice: dev.mount ? ['whoWrites', 'dirtyRatios'] : ['findDevice', 'whoWrites', 'dirtyRatios'],
      });
      return;
    }
    if (waAvg < WA_PCT && waMax < WA_PCT) return;
    context.report({
      messageId: 'iowait',
      data: { waAvg: Math.round(waAvg), waMax, samples: samples.length, blocked, device: '', major: '', minor: '' },
      evidence: vmEvidence,
      advice: ['whoWrites', 'dirtyRatios'],
    });
  },
});
