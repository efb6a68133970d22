// hugepages-unused: a static huge page pool reserved at boot or by sysctl, mostly unused.
import { memoryView } from '../facts/memory.js';
import { defineRule } from './define.js';
import { currentSysctl, evidence, formatPct, kB, oomEvents, whenOf } from './helpers.js';

/** An unused pool above this share of RAM is memory taken from everything else for nothing. */
const RAM_SHARE = 0.05;

export default defineRule({
  meta: {
    id: 'hugepages-unused',
    severity: 'warning',
    title: 'Reserved huge pages are unused',
    description: 'Pages of the hugetlbfs pool (vm.nr_hugepages, hugepages= on the kernel command line) are set aside at once and usable only by programs that map huge pages; an idle pool is RAM lost to every other use.',
    messages: {
      unused: '{{unused}} of {{total}} huge pages of {{size}} are neither used nor reserved: {{unusedKb}}, {{pct}} of RAM ({{memTotal}}), is unavailable to anything else.',
      oom: 'The OOM at {{time}} happened with {{hugeKb}} held by the huge page pool ({{pct}} of RAM), {{hugeFree}} of it free: memory the kernel could not give to the task.',
    },
    advice: {
      shrink: {
        text: 'Shrink the pool to what the application maps (vm.nr_hugepages is now {{nrCurrent}}), and persist it in /etc/sysctl.d/90-hostsnap.conf (or hugepages= on the kernel command line).',
        commands: ['grep -i huge /proc/meminfo', 'sysctl -w vm.nr_hugepages={{target}}', "echo 'vm.nr_hugepages = {{target}}' >> /etc/sysctl.d/90-hostsnap.conf"],
        preconditions: 'Check that the database or VM that wanted them is configured to use them (PostgreSQL huge_pages, JVM -XX:+UseLargePages, QEMU memory-backend-file).',
        risk: 'A program that needs the pool later fails to start or falls back to small pages.',
      },
    },
  },
  requires: [['proc-meminfo', 'oom-events']],
  check(facts, context) {
    const nrCurrent = currentSysctl(facts, 'vm.nr_hugepages', '0');
    for (const { event, source } of oomEvents(facts)) {
      if (event.cause !== 'hugepages') continue;
      const totalKb = event.hugepages.reduce((a, h) => a + h.total * h.sizeKb, 0);
      const freeKb = event.hugepages.reduce((a, h) => a + h.free * h.sizeKb, 0);
      const lines = event.text.filter((l) => /hugepages_total=[1-9]/.test(l));
      const ram = event.zones.reduce((a, z) => a + (z.managedKb ?? z.presentKb ?? 0), 0);
      context.report({
        messageId: 'oom',
        data: { time: whenOf(event), hugeKb: kB(totalKb), pct: formatPct(totalKb, ram), hugeFree: kB(freeKb), nrCurrent, target: 0 },
        evidence: lines.map((l) => evidence(source, l, [/hugepages_free=\d+/.exec(l)?.[0]])),
        advice: ['shrink'],
      });
    }
    const mem = memoryView(facts);
    const hp = mem?.hugePages;
    if (!mem || !hp || hp.total === 0) return;
    const unused = Math.max(0, hp.free - hp.reserved);
    const unusedKb = unused * hp.sizeKb;
    if (unusedKb < RAM_SHARE * mem.totalKb) return;
    context.report({
      messageId: 'unused',
      data: {
        unused, total: hp.total, size: kB(hp.sizeKb), unusedKb: kB(unusedKb), pct: formatPct(unusedKb, mem.totalKb), memTotal: kB(mem.totalKb),
        nrCurrent, target: hp.total - unused,
      },
      evidence: [evidence('proc-meminfo', `HugePages_Total: ${hp.total}  HugePages_Free: ${hp.free}  HugePages_Rsvd: ${hp.reserved}  Hugepagesize: ${hp.sizeKb} kB`, [`HugePages_Free: ${hp.free}`, `HugePages_Rsvd: ${hp.reserved}`])],
      advice: ['shrink'],
    });
  },
});
