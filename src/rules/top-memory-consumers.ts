// top-memory-consumers: the processes holding the most resident memory (ps, else the OOM task dump).
import type { Evidence } from '../analysis/types.js';
import { memoryView } from '../facts/memory.js';
import { pageKb } from '../facts/oom.js';
import { defineRule } from './define.js';
import { evidence, formatPct, kB, listOf, oomEvents, whenOf } from './helpers.js';

const TOP = 5;

export default defineRule({
  meta: {
    id: 'top-memory-consumers',
    severity: 'info',
    title: 'Largest memory consumers',
    description: 'The processes with the largest resident set (RSS), from ps, or from the task list the kernel printed with its last OOM dump.',
    messages: {
      ps: 'Largest resident sets: {{list}}{{totalNote}}.',
      oomTasks: 'Largest resident sets in the task dump of the OOM at {{time}}: {{list}}.',
    },
    advice: {
      look: {
        text: 'RSS counts shared pages once per process; for a process family (apache2, php-fpm) look at PSS to see what it really costs.',
        commands: ['ps -eo pid,rss,vsz,comm --sort=-rss | head -15', 'smem -tk -c "pid name pss rss" 2>/dev/null | tail -15'],
      },
    },
  },
  requires: [['ps', 'oom-events']],
  check(facts, context) {
    const ps = facts.parsed.ps?.processes;
    if (ps && ps.length > 0) {
      const top = ps.filter((p): p is typeof p & { rssKb: number } => (p.rssKb ?? 0) > 0).sort((a, b) => b.rssKb - a.rssKb).slice(0, TOP);
      if (top.length === 0) return;
      const mem = memoryView(facts);
      const sum = top.reduce((a, p) => a + p.rssKb, 0);
      const ev: Evidence[] = top.map((p) => evidence('ps', `${p.pid} ${p.user} rss=${p.rssKb} ${p.command}`.slice(0, 300), [`rss=${p.rssKb}`]));
      context.report({
        messageId: 'ps',
        data: {
          list: listOf(top.map((p) => `${p.comm ?? p.command.split(/\s+/)[0]} (pid ${p.pid}) ${kB(p.rssKb)}`)),
          totalNote: mem ? `; together ${kB(sum)}, ${formatPct(sum, mem.totalKb)} of RAM` : '',
        },
        evidence: ev,
        advice: ['look'],
      });
      return;
    }
    const last = oomEvents(facts).filter(({ event }) => event.tasks.length > 0).at(-1);
    if (!last) return;
    const pk = pageKb(last.event);
    const top = [...last.event.tasks].sort((a, b) => (b.rssPages ?? 0) - (a.rssPages ?? 0)).slice(0, TOP);
    const line = (name: string, pid: number) => last.event.text.find((l) => l.includes(`${pid}]`) && l.trimEnd().endsWith(name));
    context.report({
      messageId: 'oomTasks',
      data: {
        time: whenOf(last.event),
        list: listOf(top.map((t) => `${t.name} (pid ${t.pid}) ${kB((t.rssPages ?? 0) * pk)}`)),
      },
      evidence: top.map((t) => evidence(last.source, line(t.name, t.pid) ?? `[${t.pid}] ${t.name} rss ${t.rssPages} pages`, [` ${t.rssPages} `])),
      advice: ['look'],
    });
  },
});
