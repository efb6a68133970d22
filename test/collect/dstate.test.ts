// A way stuck in real D state (a frozen cgroup v1 freezer: SIGKILL cannot end it) must not hold
// up the probes after it: the collector's watchdog moves on, and the controller's stop still ends
// a collection whose stuck way outlasts every deadline, with what was collected kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectHost, type Collection } from '../../src/collect/collect.js';
import { readArchive } from '../../src/archive/read.js';
import { PartialHostError } from '../../src/collect/partial.js';
import { snapshotHost, type SnapshotResult } from '../../src/pipeline/snapshot.js';
import { findProbe } from '../../src/probes/index.js';
import type { Probe } from '../../src/probes/types.js';
import { localTransport } from '../../src/transport/local.js';
import { startSshd } from '../helpers/sshd.js';
import { frozenCgroup, type Freezer } from './freezer.js';
import { tempDirs } from './temp-dirs.js';

const tempDir = tempDirs('hostsnap-dstate-');
const SHELLS: Array<[string, string[]]> = [['dash', ['/bin/dash']], ['bash', ['/bin/bash', '--posix']], ['busybox ash', ['/bin/busybox', 'sh']]];

/** A way that freezes itself, then would print: it never gets to. */
const frozenProbe = (freezer: Freezer, timeoutMs: number): Probe => ({
  id: 'frozen', area: 'test', description: 'stuck in D state', timeoutMs, maxBytes: 4096,
  command: { run: freezer.frozen('cat /proc/loadavg') },
});

/** Resolves with the state letters of the frozen processes once one is there (bounded). */
async function seenInD(freezer: Freezer, until: Promise<unknown>): Promise<string[]> {
  let finished = false;
  void until.finally(() => { finished = true; });
  for (let i = 0; i < 400 && !finished; i++) {
    const states = freezer.pids().map((pid) => freezer.state(pid));
    if (states.length > 0) return states.map(String);
    await new Promise((r) => setTimeout(r, 25));
  }
  return [];
}

let serial = 0;
const newFreezer = (t: { after(fn: () => unknown): void }): Freezer => {
  const freezer = frozenCgroup(`hostsnap-dstate-${process.pid}-${serial++}`);
  t.after(() => freezer.remove());
  return freezer;
};

for (const [name, shell] of SHELLS) {
  describe(`a way in D state under ${name}`, { timeout: 60_000 }, () => {
    it('is left behind at its timeout and the probes after it are collected', async (t) => {
      const freezer = newFreezer(t);
      const transport = localTransport('local', shell);
      t.after(() => transport.close());
      const pending: Promise<Collection> = collectHost(transport, {
        probes: [frozenProbe(freezer, 1500), findProbe('uname')!, findProbe('proc-meminfo')!], transport: 'local',
      });
      assert.deepEqual(await seenInD(freezer, pending), ['D']);
      const c = await pending;
      const attempt = c.manifest.probes.find((p) => p.id === 'frozen')!.attempts[0];
      assert.equal(attempt.timedOut, true);
      assert.match(attempt.stderr, /still in D state/);
      assert.equal(c.manifest.collector!.stopped, false); // the script itself moved on
      assert.match(c.outputs.get('uname')!.toString(), /^Linux /);
      assert.match(c.outputs.get('proc-meminfo')!.toString(), /^MemTotal:/);
      assert.equal(c.manifest.collector!.scratchRemoved, true);
      assert.deepEqual(freezer.pids().map((pid) => freezer.state(pid)), ['D']); // still stuck, as the kernel keeps it
    });
  });
}

describe('a way in D state past every deadline, over ssh', { timeout: 120_000 }, () => {
  it('the controller\'s stop session ends the collection, with the probes before it kept', async (t) => {
    const freezer = newFreezer(t);
    const host = await startSshd({ address: '127.0.0.6' });
    t.after(() => host.stop());
    const pending = snapshotHost(host.target, { outDir: tempDir(), formats: ['json'], ssh: host.sshOptions(),
      probes: [findProbe('uname')!, frozenProbe(freezer, 600_000)], deadlineSeconds: 1, stopAfterMs: 4000 });
    // A stopped collection is partial: written, then thrown as a PartialHostError (exit 3).
    const settled = pending.then(() => null, (e: unknown) => e);
    assert.deepEqual(await seenInD(freezer, settled), ['D']);
    const error: unknown = await settled;
    assert.ok(error instanceof PartialHostError, `not partial: ${String(error)}`);
    assert.match(error.message, /partial: stopped at the snapshot's hard deadline after \d+ s/);
    const set = await readArchive((error as PartialHostError<SnapshotResult>).result.archive);
    const manifest = set.manifest!;
    assert.equal(manifest.collector!.stopped, true);
    assert.equal(manifest.sessions, 2);
    assert.equal(manifest.collector!.scratchRemoved, true); // TERM: the collector cleaned up itself
    assert.match(manifest.probes.find((p) => p.id === 'frozen')!.attempts[0].stderr, /running when the collector was stopped/);
    assert.match(set.sources.get('uname')!.text, /^Linux /);
  });
});
