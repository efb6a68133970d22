// The collector script on this machine's real shells (dash, bash, busybox ash) through the local
// transport: timeouts that kill children, caps, fallbacks, the deadline, the marker, the scratch folder.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectHost, type Collection } from '../../src/collect/collect.js';
import { readFrames } from '../../src/collect/frames.js';
import { findProbe } from '../../src/probes/index.js';
import { collectorScript, newMarker } from '../../src/probes/script.js';
import type { Probe } from '../../src/probes/types.js';
import { localTransport } from '../../src/transport/local.js';
import { cmdlineOf, commOf, descendantsOf, processRunning } from '../helpers/sshd.js';
import { childrenOf } from './strays.js';
import { waitFor } from '../helpers/wait.js';
import { tempDirs } from './temp-dirs.js';

const tempDir = tempDirs('hostsnap-collector-');

// The shells the script must run under: Debian's /bin/sh is dash; busybox is installed by the
// test tools script (scripts/install-host-tools.sh).
const SHELLS: Array<[string, string[]]> = [['dash', ['/bin/dash']], ['bash', ['/bin/bash', '--posix']], ['busybox ash', ['/bin/busybox', 'sh']]];

const probe = (id: string, run: string, extra: Partial<Probe> = {}): Probe => ({
  id, area: 'test', description: id, command: { run }, timeoutMs: 10_000, maxBytes: 1 << 20, ...extra,
});

async function collect(shell: string[], probes: Probe[], deadlineSeconds?: number): Promise<Collection> {
  const transport = localTransport('local', shell);
  try {
    return await collectHost(transport, { probes, transport: 'local', deadlineSeconds });
  } finally {
    await transport.close();
  }
}

const entryOf = (c: Collection, id: string) => c.manifest.probes.find((p) => p.id === id)!;

async function waitGone(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 40 && pids.some(processRunning); i++) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(processRunning);
}

for (const [name, shell] of SHELLS) {
  describe(`the collector under ${name}`, { timeout: 60_000 }, () => {
    it('kills a hung probe and its children at its timeout, and the rest still arrive', async () => {
      const dir = tempDir();
      const hang = probe('hang', `sh -c 'echo $$ > ${dir}/sh; sleep 600 & echo $! > ${dir}/child; wait'`, { timeoutMs: 1500 });
      const c = await collect(shell, [hang, findProbe('uname')!, findProbe('proc-loadavg')!]);
      const attempt = entryOf(c, 'hang').attempts[0];
      assert.equal(attempt.timedOut, true, attempt.stderr);
      assert.equal(attempt.signal, 'SIGKILL', `${attempt.stderr} ${JSON.stringify((c.manifest as { partial?: unknown }).partial)}`);
      assert.equal(attempt.signal, 'SIGKILL');
      assert.ok(attempt.durationMs >= 1500, `killed after ${attempt.durationMs} ms`);
      const pids = ['sh', 'child'].map((f) => Number(readFileSync(join(dir, f), 'utf8')));
      assert.deepEqual(await waitGone(pids), []);
      assert.match(c.outputs.get('uname')!.toString(), /^Linux /);
      assert.ok(c.outputs.get('proc-loadavg')!.length > 0);
      assert.equal(c.manifest.collector!.scratchRemoved, true);
      assert.equal(existsSync(c.manifest.collector!.scratch), false);
    });

    it('caps a flood on the host: truncated at the cap, ended by the write limit, kept as data', async () => {
      // A file past its `ulimit -f` refuses writes (EFBIG): `yes` stops at once instead of
      // filling the tmpfs until its timeout, and says so on stderr.
      const c = await collect(shell, [probe('flood', 'yes', { maxBytes: 1000, fallbacks: [{ run: 'echo never' }] })]);
      const entry = entryOf(c, 'flood');
      const a = entry.attempts[0];
      assert.equal(entry.via, 'primary');
      assert.equal(a.truncated, true);
      assert.equal(a.bytes, 1000);
      assert.equal(a.timedOut, false);
      assert.equal(c.outputs.get('flood')!.toString(), 'y\n'.repeat(500));
      assert.equal(a.signal, null);
      assert.notEqual(a.exitCode, 0);
      assert.match(a.stderr, /File too large[\s\S]*\[hostsnap: output cut at the cap of 1000 bytes/);
    });

    it('caps a read of a file that never ends (head -c), exit 0', async () => {
      const c = await collect(shell, [probe('zero', 'cat /dev/zero', { maxBytes: 2000 })]);
      const a = entryOf(c, 'zero').attempts[0];
      assert.deepEqual([a.truncated, a.bytes, a.exitCode, a.timedOut], [true, 2000, 0, false]);
    });

    it('falls back only when a way failed AND printed nothing', async () => {
      const c = await collect(shell, [
        probe('kept', 'echo data; exit 1', { fallbacks: [{ run: 'echo fallback' }] }), // sysctl as a user
        probe('missing', 'hostsnap-no-such-tool', { fallbacks: [{ run: 'exit 3' }, { run: 'echo third' }] }),
        probe('empty-ok', 'true', { fallbacks: [{ run: 'echo never' }] }),
      ]);
      const kept = entryOf(c, 'kept');
      assert.equal(kept.via, 'primary');
      assert.equal(kept.attempts[0].exitCode, 1);
      assert.equal(c.outputs.get('kept')!.toString(), 'data\n');
      const missing = entryOf(c, 'missing');
      assert.deepEqual(missing.attempts.map((a) => [a.exitCode, a.notFound]), [[127, true], [3, false], [0, false]]);
      assert.equal(missing.via, 'fallback:2');
      assert.equal(missing.command, 'echo third');
      assert.equal(c.outputs.get('missing')!.toString(), 'third\n');
      assert.equal(entryOf(c, 'empty-ok').attempts.length, 1);
      assert.equal(entryOf(c, 'empty-ok').file, null);
    });

    it('records the login\'s locale variables, then runs every way under LC_ALL=C', async () => {
      // env(1) gives the shell the login environment: a value with a space, one set but empty.
      const login = ['env', '-u', 'LC_ALL', 'LANG=fr_FR.UTF-8', 'LC_CTYPE=de_DE.UTF-8 x', 'LC_NUMERIC=', ...shell];
      const c = await collect(login, [probe('loc', 'echo "$LC_ALL|$LANG"')]);
      assert.deepEqual(c.manifest.locale, { LANG: 'fr_FR.UTF-8', LC_ALL: null, LC_CTYPE: 'de_DE.UTF-8 x', LC_NUMERIC: '' });
      assert.equal(c.outputs.get('loc')!.toString(), 'C|fr_FR.UTF-8\n');
    });

    it('does not call a sampler timed out that ended in time but was reaped after its timeout (the foreground lasted longer)', async () => {
      // vmstat's shape: a sampler without fallbacks, started and reaped by the main shell itself.
      const sampler = probe('quick-sampler', 'echo sampled', { timeoutMs: 1000, sampleSeconds: 0.5 });
      const c = await collect(shell, [sampler, probe('slow', 'sleep 3')]);
      const a = entryOf(c, 'quick-sampler').attempts[0];
      assert.deepEqual([a.exitCode, a.timedOut, a.signal], [0, false, null], a.stderr);
      assert.equal(c.outputs.get('quick-sampler')!.toString(), 'sampled\n');
    });

    it('runs a multi-line way that exits, with its status', async () => {
      const c = await collect(shell, [probe('script', 'for i in 1 2; do echo "line $i"; done\necho err >&2\nexit 0'), findProbe('uname')!]);
      const a = entryOf(c, 'script').attempts[0];
      assert.equal(a.exitCode, 0);
      assert.equal(a.stderr, 'err\n');
      assert.equal(c.outputs.get('script')!.toString(), 'line 1\nline 2\n');
      assert.ok(c.outputs.get('uname'));
    });

    it('removes its scratch folder when TERM cuts short its wait at a gate the dead sender never opens', async () => {
      // The lost connection, made here: the controller's end of stdout is closed, so the sender
      // dies at its next write, and the main shell blocks opening the next gate (a FIFO open
      // with no reader). TERM there (from the watchdog or the controller) makes dash and busybox
      // fail the open with EINTR, exit on the error of `:` and run the TERM trap inside the
      // EXIT trap: a bare `exit` in that trap left the scratch folder behind (the faults test's
      // flake of session 5). The watchdog, which sends that TERM itself once it sees the sender
      // gone, is stopped first: its wake-up could end the shell before the test sees it blocked.
      const dir = tempDir();
      const fifo = join(dir, 'hold');
      execFileSync('mkfifo', [fifo]);
      const marker = newMarker();
      const probes = [findProbe('uname')!, probe('held', `cat ${fifo}`), findProbe('proc-loadavg')!];
      const child = spawn(shell[0], [...shell.slice(1), '-s'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const received: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => received.push(chunk));
      child.stderr.resume();
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.stdin.end(collectorScript(probes, { marker, sudo: false, deadlineSeconds: 60 }));
      try {
        const seen = await waitFor(() => {
          const frames = readFrames(Buffer.concat(received), marker);
          return frames.hello && frames.ways.some((w) => w.id === 'uname') ? frames.hello : null;
        }, { what: 'the hello and the uname frame', timeoutMs: 20_000 });
        // Once the held way runs (its program exec'd), the main shell's only child running the
        // shell itself is the watchdog (the sender is `cat`).
        await waitFor(() => descendantsOf(seen.pid).some((pid) => cmdlineOf(pid).endsWith(`\0${fifo}\0`)), { what: 'the held way running', timeoutMs: 20_000 });
        const shellName = commOf(seen.pid);
        const watchdogs = childrenOf(seen.pid).filter((pid) => commOf(pid) === shellName);
        assert.equal(watchdogs.length, 1, `children of ${seen.pid} named ${shellName}: ${watchdogs.join(' ')}`);
        process.kill(watchdogs[0], 'SIGSTOP'); // the clean-up SIGKILLs it (hs_killtree)
        child.stdout.destroy();
        const held = openSync(fifo, constants.O_RDWR); // never blocks on a FIFO
        writeSync(held, 'x');
        closeSync(held);
        await waitFor(() => blockedInFifoOpen(seen.pid), { what: `the collector's shell ${seen.pid} blocked opening a gate`, timeoutMs: 20_000 });
        process.kill(seen.pid, 'SIGTERM');
        await waitFor(() => !existsSync(seen.scratch), { what: `the scratch folder ${seen.scratch} removed`, timeoutMs: 20_000 });
        assert.equal(await exited, 143);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
}

/** /proc/uptime in centiseconds, as the collector reads it (two decimals on every kernel). */
const uptimeCs = (): number => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0].replace('.', ''));


/** The process sleeps in a FIFO's open(), waiting for a reader (wait_for_partner in fs/pipe.c;
 * fifo_open before Linux 2.6.33), per /proc/PID/wchan. */
function blockedInFifoOpen(pid: number): boolean {
  try {
    return /^(wait_for_partner|fifo_open)$/.test(readFileSync(`/proc/${pid}/wchan`, 'utf8'));
  } catch {
    return false;
  }
}

describe('the collector script', { timeout: 60_000 }, () => {
  it('never puts its marker in an argv: the probes\' own ps sees no trace of it', async () => {
    const marker = newMarker();
    const transport = localTransport();
    const run = transport.runScript(collectorScript([probe('argv', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "')], { marker, sudo: false, deadlineSeconds: 60 }), { maxBytes: 1 << 22, sudo: false });
    const result = await run.done;
    const frames = readFrames(result.stdout, marker);
    const seen = frames.ways[0].stdout.toString();
    assert.match(seen, /sh -s/); // the collector's own shell is there, with nothing but -s
    assert.equal(seen.includes(marker), false);
  });

  it('stops starting probes at its deadline and records the rest as skipped', async () => {
    const c = await collect(['/bin/sh'], [probe('slow', 'sleep 2'), findProbe('uname')!], 1);
    assert.equal(entryOf(c, 'slow').attempts[0].exitCode, 0);
    const skipped = entryOf(c, 'uname').attempts[0];
    assert.equal(skipped.timedOut, true);
    assert.match(skipped.stderr, /deadline/);
    assert.equal(c.outputs.has('uname'), false);
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`removes its scratch folder when it is sent ${signal}`, async () => {
      const marker = newMarker();
      const transport = localTransport();
      const run = transport.runScript(collectorScript([probe('hang', 'sleep 600')], { marker, sudo: false, deadlineSeconds: 60 }), { maxBytes: 1 << 20, sudo: false });
      let hello = null;
      for (let i = 0; i < 100 && !(hello = readFrames(run.received(), marker).hello); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(hello, 'no hello frame');
      assert.equal(existsSync(hello.scratch), true);
      process.kill(hello.pid, signal);
      const frames = readFrames((await run.done).stdout, marker);
      assert.deepEqual(frames.bye, { removed: true, done: false });
      assert.equal(existsSync(hello.scratch), false);
      await run.stop(hello.pid); // the orphaned sleep
    });
  }

  it('sweeps away the scratch folder a SIGKILLed collector left once it expired, and keeps a running one\'s', async () => {
    const started = async (script: string) => {
      const marker = newMarker();
      const run = localTransport().runScript(script.replace(/^M=hs[0-9a-f]{24}$/m, `M=${marker}`), { maxBytes: 1 << 20, sudo: false });
      const hello = await waitFor(() => readFrames(run.received(), marker).hello, { what: 'a hello frame' });
      return { run, hello };
    };
    const script = (run: string, timeoutMs: number, deadlineSeconds: number) => collectorScript([probe('hang', run, { timeoutMs })], { marker: newMarker(), sudo: false, deadlineSeconds });
    // Killed: its deadline of 1 s and its way's timeout of 1 s make it expire 4 s after its start.
    const killed = await started(script('sleep 30', 1000, 1));
    const tree = new Set([killed.hello.pid]);
    for (let round = 0; round < 3; round++) for (const pid of [...tree]) { process.kill(pid, 'SIGSTOP'); descendantsOf(pid).forEach((d) => tree.add(d)); }
    for (const pid of tree) process.kill(pid, 'SIGKILL');
    await killed.run.done.catch(() => undefined);
    assert.deepEqual(await waitGone([...tree]), []);
    assert.equal(existsSync(killed.hello.scratch), true, 'SIGKILL left no folder behind: nothing to sweep');
    const running = await started(script('sleep 600', 600_000, 60));
    try {
      const expires = Number(readFileSync(join(killed.hello.scratch, 'expires'), 'utf8').split(' ')[0]);
      await waitFor(() => uptimeCs() > expires, { what: `/proc/uptime past ${expires} cs`, timeoutMs: 20_000 });
      const c = await collect(['/bin/sh'], [findProbe('uname')!]);
      assert.ok(c.outputs.get('uname'));
      assert.equal(existsSync(killed.hello.scratch), false, 'the expired folder was kept');
      assert.equal(existsSync(running.hello.scratch), true, 'the running collector\'s folder was swept');
    } finally {
      process.kill(running.hello.pid, 'SIGTERM');
      await running.run.done;
      await running.run.stop(running.hello.pid); // the orphaned sleep
    }
  });

  it('is stopped by the controller at the hard deadline when a way never ends', async () => {
    // A way that ignores the watchdog is not possible in sh: stopping the whole collector is the
    // controller's last resort, tried here on a collector whose deadline outlasts the test.
    const marker = newMarker();
    const transport = localTransport();
    const run = transport.runScript(collectorScript([probe('hang', 'sleep 600', { timeoutMs: 600_000 })], { marker, sudo: false, deadlineSeconds: 60 }), { maxBytes: 1 << 20, sudo: false });
    // Stop once the way has begun (its `beg` line came through the sender).
    let seen = readFrames(run.received(), marker);
    for (let i = 0; i < 200 && !(seen.hello && seen.inFlight); i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = readFrames(run.received(), marker);
    }
    assert.ok(seen.hello && seen.inFlight, 'the way never began');
    await run.stop(seen.hello.pid);
    const frames = readFrames((await run.done).stdout, marker);
    assert.deepEqual(frames.inFlight, { id: 'hang', way: 'primary' });
  });
});
