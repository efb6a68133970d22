// Every line only the OOM killer prints, alone in a paste (the rest cut away), opens an event and
// says what it can: built from mm/oom_kill.c's and mm/memcontrol.c's own printk formats of each era.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKernlogText } from '../../src/parsers/kernlog.js';

/** printk's conversions as these formats use them, filled in order (%*pbl takes one value). */
function printk(format: string, ...args: Array<string | number>): string {
  let i = 0;
  return format.replace(/%(?:\*pbl|l?l?[dus]|hd)/g, () => String(args[i++])).replace(/\n$/, '');
}

const LINES: Array<{ kernels: string; line: string; constraint: string; killed: number[]; panic?: boolean }> = [
  { kernels: '2.6.9-2.6.2x oom_kill_task', line: printk('Out of Memory: Killed process %d (%s).\n', 13677, 'kdeinit'), constraint: 'global', killed: [13677] },
  { kernels: '2.6.36-4.x oom_kill_process', line: printk('%s: Kill process %d (%s) score %u or sacrifice child\n', 'Out of memory', 2196, 'rpc.statd', 1), constraint: 'global', killed: [2196] },
  { kernels: '3.x-4.x memcg', line: printk('%s: Kill process %d (%s) score %u or sacrifice child\n', 'Memory cgroup out of memory', 18286, 'java', 933), constraint: 'memcg', killed: [18286] },
  { kernels: '3.x-4.x oom_kill_allocating_task', line: printk('%s: Kill process %d (%s) score %u or sacrifice child\n', 'Out of memory (oom_kill_allocating_task)', 2196, 'rpc.statd', 0), constraint: 'global', killed: [2196] },
  { kernels: '3.x', line: printk('Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB\n', 2196, 'rpc.statd', 1880, 124, 576), constraint: 'global', killed: [2196] },
  {
    kernels: '5.x-6.x __oom_kill_process', constraint: 'memcg', killed: [7609],
    line: printk('%s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%hd\n',
      'Memory cgroup out of memory', 7609, 'python3', 278700, 32512, 6544, 0, 0, 128, 0),
  },
  {
    kernels: '4.19+ dump_oom_summary', constraint: 'mempolicy', killed: [4472],
    line: printk('oom-kill:constraint=%s,nodemask=%*pbl,cpuset=%s,mems_allowed=%*pbl,global_oom,task_memcg=%s,task=%s,pid=%d,uid=%d\n',
      'CONSTRAINT_MEMORY_POLICY', '1', '/', '0-1', '/', 'clickhouse-serv', 4472, 0),
  },
  { kernels: '4.6+ oom_reap_task', line: printk('oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB\n', 15784, 'python3', 0, 0, 0), constraint: 'global', killed: [15784] },
  { kernels: '2.6.29-4.x mem_cgroup_print_oom_info', line: printk('Task in %s killed as a result of limit of %s\n', '/a/b', '/a'), constraint: 'memcg', killed: [] },
  { kernels: '4.x+ out_of_memory', line: printk('Out of memory and no killable processes...\n'), constraint: 'global', killed: [], panic: true },
  { kernels: '2.6.x+ check_panic_on_oom', line: printk('Kernel panic - not syncing: Out of memory: %s panic_on_oom is enabled\n', 'system-wide'), constraint: 'global', killed: [], panic: true },
];

for (const { kernels, line, constraint, killed, panic } of LINES) {
  test(`${kernels}: "${line.slice(0, 48)}…" alone is one OOM event`, () => {
    for (const stamped of [`[  100.000000] ${line}`, `Sep 10 01:07:31 web1 kernel: ${line}`]) {
      const events = parseKernlogText(`${stamped}\n`).oomEvents;
      assert.equal(events.length, 1, stamped);
      assert.equal(events[0].constraint, constraint, stamped);
      assert.deepEqual(events[0].killed.map((k) => k.pid), killed, stamped);
      assert.equal(events[0].panic, panic ?? false, stamped);
    }
  });
}
