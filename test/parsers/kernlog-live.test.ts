// A fresh OOM kill by this machine's kernel, in a memory cgroup we make, read back from dmesg.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernlog } from '../../src/parsers/kernlog.js';
import { provokeMemcgOom } from '../helpers/memcg.js';

test('live memcg OOM: constraint memcg, our cgroup, our child killed', { timeout: 60_000 }, async () => {
  const oom = await provokeMemcgOom(64);
  assert.equal(oom.signal, 'SIGKILL', 'the kernel killed the child');
  for (const [format, text] of [['dmesg', oom.dmesg], ['dmesg-human', oom.dmesgHuman]] as const) {
    const result = kernlog.run(text);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.facts.format, format);
    // Other tests may make OOMs at the same time: ours is the one in our cgroup.
    const ours = result.facts.oomEvents.filter((e) => e.memcg === oom.cgroup);
    assert.equal(ours.length, 1, `one event for ${oom.cgroup} in:\n${text}`);
    const ev = ours[0];
    assert.equal(ev.constraint, 'memcg');
    assert.equal(ev.kind, 'memcg-oom');
    assert.deepEqual(ev.killed.map((k) => k.pid), [oom.childPid]);
    assert.deepEqual(ev.trigger, { comm: 'node', pid: oom.childPid });
    assert.equal(ev.memcgUsage?.limitKb, 64 * 1024);
    assert.ok((ev.killed[0].anonRssKb ?? 0) > 0);
  }
});
