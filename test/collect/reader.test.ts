// The collector's reader of small /proc files (shell builtins in one subshell) on this machine's
// real shells: byte for byte what `head -c` read, the cap, a missing or unreadable file told apart,
// and a read that hangs (a FIFO bound over a /proc file), killed or stuck in D state, with every
// file after it still collected by the main shell. Over real sshd too, with the whole catalogue.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { probeEntries } from '../../src/collect/entries.js';
import { readFrames, type CollectorOutput, type WayFrame } from '../../src/collect/frames.js';
import { snapshotHost } from '../../src/pipeline/snapshot.js';
import { SMALL_FILE_BYTES } from '../../src/probes/define.js';
import { findProbe, PROBES } from '../../src/probes/index.js';
import { collectorScript, newMarker } from '../../src/probes/script.js';
import type { Probe } from '../../src/probes/types.js';
import { localTransport } from '../../src/transport/local.js';
import type { CommandResult } from '../../src/transport/types.js';
import { repoPath } from '../helpers/paths.js';
import { cmdlineOf, commOf, descendantsOf, processRunning, startSshd } from '../helpers/sshd.js';
import { waitFor } from '../helpers/wait.js';
import { bindOver } from './bind-over.js';
import { frozenCgroup } from './freezer.js';
import { childrenOf } from './strays.js';
import { tempDirs } from './temp-dirs.js';

const tempDir = tempDirs('hostsnap-reader-');
const SHELLS: Array<[string, string[]]> = [['dash', ['/bin/dash']], ['bash', ['/bin/bash', '--posix']], ['busybox ash', ['/bin/busybox', 'sh']]];
const fixture = (source: string, name: string): string => repoPath('test', 'fixtures', 'sources', source, name);

/** `cat FILE` with its cap: at most SMALL_FILE_BYTES is the reader's, more is `head -c`'s. */
const readProbe = (id: string, file: string, maxBytes: number, timeoutMs = 10_000): Probe => ({
  id, area: 'test', description: id, command: { run: `cat ${file}` }, timeoutMs, maxBytes,
});

interface Run {
  frames: CollectorOutput;
  /** The manifest's attempt of each probe (one way each here) and its stdout. */
  results: Map<string, { result: CommandResult; stdout: Buffer; frame: WayFrame }>;
}

/** Runs the collector for `probes` under `shell` (an argv), as the local transport runs it. */
async function run(shell: string[], probes: Probe[], options: { deadlineSeconds?: number; during?: (hello: { pid: number }) => Promise<void> } = {}): Promise<Run> {
  const marker = newMarker();
  const started = new Date();
  const transport = localTransport('local', shell);
  try {
    const running = transport.runScript(collectorScript(probes, { marker, sudo: false, deadlineSeconds: options.deadlineSeconds ?? 60 }), { maxBytes: 1 << 24, sudo: false });
    if (options.during) {
      const hello = await waitFor(() => readFrames(running.received(), marker).hello, { what: 'the collector\'s hello' });
      await options.during(hello);
    }
    const frames = readFrames((await running.done).stdout, marker);
    assert.equal(frames.bye?.done, true, `the collector did not reach its end: ${JSON.stringify(frames.bye)}`);
    const { entries, outputs } = probeEntries(probes, frames, { started, stopped: false });
    const results = new Map(entries.map((e) => {
      const frame = frames.ways.find((w) => w.id === e.id)!;
      assert.ok(frame, `no frame for ${e.id}`);
      return [e.id, { result: e.attempts[0], stdout: outputs.get(e.id) ?? Buffer.alloc(0), frame }] as const;
    }));
    return { frames, results };
  } finally {
    await transport.close();
  }
}

/** A FIFO no one writes: a read of it blocks in open() until the reader is killed. */
function fifoIn(dir: string): string {
  const fifo = join(dir, 'hang');
  execFileSync('mkfifo', [fifo]);
  return fifo;
}

for (const [name, shell] of SHELLS) {
  describe(`the reader under ${name}`, { timeout: 120_000 }, () => {
    it('reads small files byte for byte, as head -c read them: tabs, backslashes, UTF-8, no final newline, empty', async () => {
      const dir = tempDir();
      // Real captured files bound over the /proc files; two made from them here: the pressure
      // file without its final newline, and an empty file.
      const noNewline = join(dir, 'pressure-cpu-no-final-newline');
      writeFileSync(noNewline, readFileSync(fixture('proc-pressure-cpu', 'debian12-6.18-x86_64.txt')).subarray(0, -1));
      const empty = join(dir, 'empty');
      writeFileSync(empty, '');
      const binds: Array<[string, string]> = [
        [fixture('proc-meminfo', 'debian12-6.18-x86_64.txt'), '/proc/meminfo'],
        [fixture('proc-swaps', 'jc-linux-proc-swaps.txt'), '/proc/swaps'], // tabs
        [fixture('proc-mountinfo', 'debian12-6.18-x86_64-space-in-path.txt'), '/proc/loadavg'], // \040 escapes
        [fixture('vmstat', join('locales', 'vmstat-1-2-zh_CN.txt')), '/proc/buddyinfo'], // UTF-8
        [noNewline, '/proc/pressure/cpu'],
        [empty, '/proc/uptime'],
      ];
      const probes = binds.flatMap(([, target], i) => [readProbe(`r-${i}`, target, SMALL_FILE_BYTES), readProbe(`h-${i}`, target, 1 << 20)]);
      const got = await run(bindOver(binds)(shell), probes);
      binds.forEach(([source, target], i) => {
        const reader = got.results.get(`r-${i}`)!;
        const head = got.results.get(`h-${i}`)!;
        assert.equal(reader.frame.reader, true, `${target}: not read by the reader`);
        assert.equal(head.frame.reader, false);
        assert.ok(reader.stdout.equals(readFileSync(source)), `${target} (${source}): ${JSON.stringify(reader.stdout.toString().slice(-80))}`);
        assert.ok(reader.stdout.equals(head.stdout), target);
        for (const r of [reader.result, head.result]) assert.deepEqual([r.exitCode, r.truncated, r.timedOut, r.bytes], [0, false, false, readFileSync(source).length], target);
      });
    });

    it('cuts a file over its cap at the cap exactly, before, at and after a line\'s end, as head -c did', async () => {
      const source = fixture('proc-slabinfo', 'linux-6.18.44-proc-slabinfo.txt');
      const bytes = readFileSync(source);
      const eol = bytes.indexOf(0x0a, 1000); // the cap lands on the newline, before it, after it
      const caps = [eol - 1, eol, eol + 1, eol + 2, 20_000, bytes.length - 1, bytes.length];
      const probes = caps.flatMap((cap) => [readProbe(`r-${cap}`, '/proc/loadavg', cap), readProbe(`h-${cap}`, '/proc/loadavg', cap + SMALL_FILE_BYTES)]);
      // head -c reads through a cap of its own (CAP + 1 bytes): the same file bigger than the
      // reader's limit is read by head with a cap past its end, so compare with the file itself.
      const got = await run(bindOver([[source, '/proc/loadavg']])(shell), probes);
      for (const cap of caps) {
        const reader = got.results.get(`r-${cap}`)!;
        assert.equal(reader.frame.reader, true);
        assert.equal(reader.result.truncated, cap < bytes.length, `cap ${cap}`);
        assert.equal(reader.result.bytes, Math.min(cap, bytes.length), `cap ${cap}`);
        assert.ok(reader.stdout.equals(bytes.subarray(0, cap)), `cap ${cap}: ends ${JSON.stringify(reader.stdout.subarray(-20).toString())}`);
        // What reached the controller: one byte past the cap when there is one (it says "cut").
        assert.equal(reader.frame.stdout.length, Math.min(cap + 1, bytes.length), `cap ${cap}`);
        assert.equal(reader.result.exitCode, 0);
        assert.ok(got.results.get(`h-${cap}`)!.stdout.equals(bytes), `cap ${cap}: head read the whole file`);
      }
    });

    it('tells a missing file and an unreadable one apart, as head -c told them (as nobody: /proc/slabinfo is 0400)', async () => {
      const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...shell];
      const missing = '/proc/hostsnap-no-such-file';
      const got = await run(asNobody, [
        readProbe('r-missing', missing, SMALL_FILE_BYTES), readProbe('h-missing', missing, 1 << 20),
        readProbe('r-denied', '/proc/slabinfo', SMALL_FILE_BYTES), readProbe('h-denied', '/proc/slabinfo', 1 << 20),
      ]);
      for (const [kind, notFound, denied, said] of [['missing', true, false, /No such file or directory/], ['denied', false, true, /Permission denied/]] as const) {
        const reader = got.results.get(`r-${kind}`)!;
        const head = got.results.get(`h-${kind}`)!;
        assert.equal(reader.frame.reader, true);
        for (const r of [reader.result, head.result]) {
          assert.deepEqual([r.exitCode, r.notFound, r.denied, r.bytes, r.timedOut], [1, notFound, denied, 0, false], `${kind}: ${r.stderr}`);
          assert.match(r.stderr, said);
        }
        assert.match(reader.result.stderr, /^hostsnap: cannot open '\/proc\/[a-z-]+' for reading: /);
      }
    });

    it('kills a read that hangs at its timeout; the files after it come from the main shell', async () => {
      const dir = tempDir();
      const fifo = fifoIn(dir);
      const probes = [findProbe('proc-buddyinfo')!, { ...findProbe('proc-loadavg')!, timeoutMs: 1500 }, findProbe('proc-meminfo')!,
        findProbe('proc-pressure-io')!, findProbe('uptime')!, findProbe('proc-swaps')!, findProbe('uname')!];
      let collector = 0;
      const got = await run(bindOver([[fifo, '/proc/loadavg']])(shell), probes, { during: async (hello) => { collector = hello.pid; } });
      const hung = got.results.get('proc-loadavg')!;
      assert.deepEqual([hung.result.timedOut, hung.result.signal, hung.frame.reader, hung.frame.stuck], [true, 'SIGKILL', true, false], hung.result.stderr);
      assert.match(hung.result.stderr, /killed at its timeout of 1\.5 s/);
      assert.ok(hung.result.durationMs >= 1500, `killed after ${hung.result.durationMs} ms`);
      assert.equal(got.results.get('proc-buddyinfo')!.frame.reader, true);
      for (const id of ['proc-meminfo', 'proc-pressure-io', 'uptime', 'proc-swaps', 'uname']) {
        const r = got.results.get(id)!;
        assert.deepEqual([r.result.exitCode, r.result.timedOut, r.frame.reader], [0, false, false], `${id}: ${r.result.stderr}`);
        assert.ok(r.stdout.length > 0, id);
      }
      assert.match(got.results.get('proc-meminfo')!.stdout.toString(), /^MemTotal:/);
      assert.equal(existsSync(got.frames.hello!.scratch), false);
      await waitFor(() => descendantsOf(collector).length === 0 && !processRunning(collector), { what: `the collector ${collector} and its children gone` });
    });

    it('leaves a read stuck in D state behind at its timeout; the files after it come from the main shell', async (t) => {
      const dir = tempDir();
      const fifo = fifoIn(dir);
      const freezer = frozenCgroup(`hostsnap-reader-${process.pid}-${name.replace(/\W/g, '')}`);
      t.after(() => freezer.remove());
      const probes = [findProbe('proc-buddyinfo')!, { ...findProbe('proc-loadavg')!, timeoutMs: 1500 }, findProbe('proc-meminfo')!, findProbe('uname')!];
      let reader = 0;
      const got = await run(bindOver([[fifo, '/proc/loadavg']])(shell), probes, {
        during: async ({ pid }) => {
          // The reader: the main shell's child that is a shell (not the sender, `cat`) blocked
          // opening the FIFO. The watchdog is stopped meanwhile, so that it cannot kill the
          // reader before it is frozen: the freeze is sure to come first, however loaded the machine.
          const shellName = commOf(pid);
          const inFifoOpen = (child: number): boolean => {
            try {
              return /^(wait_for_partner|fifo_open)$/.test(readFileSync(`/proc/${child}/wchan`, 'utf8'));
            } catch {
              return false; // ended meanwhile
            }
          };
          reader = await waitFor(() => childrenOf(pid).find((c) => commOf(c) === shellName && !cmdlineOf(c).startsWith('cat\0') && inFifoOpen(c)), { what: 'the reader blocked on the FIFO' });
          const watchdogs = childrenOf(pid).filter((c) => c !== reader && commOf(c) === shellName && !cmdlineOf(c).startsWith('cat\0'));
          assert.equal(watchdogs.length, 1, `children of ${pid}: ${childrenOf(pid).map((c) => `${c} ${commOf(c)}`).join(', ')}`);
          process.kill(watchdogs[0], 'SIGSTOP');
          try {
            freezer.join(reader);
            await waitFor(() => freezer.state(reader) === 'D', { what: `the reader ${reader} frozen in D state` });
          } finally {
            process.kill(watchdogs[0], 'SIGCONT');
          }
        },
      });
      const stuck = got.results.get('proc-loadavg')!;
      assert.deepEqual([stuck.result.timedOut, stuck.frame.reader, stuck.frame.stuck], [true, true, true], stuck.result.stderr);
      assert.match(stuck.result.stderr, /still in D state/);
      for (const id of ['proc-meminfo', 'uname']) {
        const r = got.results.get(id)!;
        assert.deepEqual([r.result.exitCode, r.frame.reader], [0, false], `${id}: ${r.result.stderr}`);
      }
      assert.match(got.results.get('proc-meminfo')!.stdout.toString(), /^MemTotal:/);
      assert.equal(existsSync(got.frames.hello!.scratch), false);
      assert.deepEqual(freezer.pids(), [reader]); // still there, as the kernel keeps it until thawed
      assert.equal(freezer.state(reader), 'D');
    });
  });
}

describe('the reader and the deadline', { timeout: 60_000 }, () => {
  it('records the files past the snapshot\'s deadline as skipped', async () => {
    const slow: Probe = { id: 'slow', area: 'test', description: 'slow', command: { run: 'sleep 2' }, timeoutMs: 10_000, maxBytes: 1024 };
    const got = await run(['/bin/sh'], [slow, findProbe('proc-meminfo')!, findProbe('uptime')!], { deadlineSeconds: 1 });
    for (const id of ['proc-meminfo', 'uptime']) {
      const r = got.results.get(id)!;
      assert.deepEqual([r.frame.skipped, r.result.timedOut, r.stdout.length], [true, true, 0], id);
      assert.match(r.result.stderr, /deadline/);
    }
    assert.equal(got.frames.noise, ''); // a skipped way's frame reads clean, shared block ends and all
  });
});

describe('the reader over ssh', { timeout: 120_000 }, () => {
  it('a /proc file that hangs on the host (a FIFO in sshd\'s mount namespace): timed out, every other probe collected', async (t) => {
    const fifo = fifoIn(tempDir());
    const host = await startSshd({ address: '127.0.31.2', wrap: bindOver([[fifo, '/proc/loadavg']]) });
    t.after(() => host.stop());
    const probes = PROBES.map((p) => (p.id === 'proc-loadavg' ? { ...p, timeoutMs: 2000 } : p));
    const result = await snapshotHost(host.target, { outDir: tempDir(), formats: ['json'], ssh: host.sshOptions(), probes });
    const set = await readArchive(result.archive);
    const manifest = set.manifest!;
    assert.equal(manifest.sessions, 1);
    assert.equal(manifest.partial, undefined);
    for (const entry of manifest.probes) {
      const last = entry.attempts.at(-1)!;
      if (entry.id === 'proc-loadavg') {
        assert.deepEqual([last.timedOut, last.signal], [true, 'SIGKILL'], last.stderr);
        assert.match(last.stderr, /killed at its timeout of 2 s/);
      } else {
        assert.deepEqual([last.exitCode, last.timedOut], [0, false], `${entry.id}: ${last.stderr}`);
      }
    }
    for (const id of ['proc-meminfo', 'proc-pressure-memory', 'proc-swaps', 'uptime', 'ps']) assert.ok(set.sources.get(id)!.text.length > 0, id);
    assert.equal(manifest.collector!.scratchRemoved, true);
  });
});
