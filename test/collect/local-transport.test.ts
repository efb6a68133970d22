// The local transport: real /bin/sh commands, a timeout that kills the whole group, caps, misses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { localTransport } from '../../src/transport/local.js';
import { openTransport } from '../../src/transport/index.js';

/** Running or sleeping; a zombie (state Z) or a vanished pid is dead. */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const opts = (extra: Partial<{ timeoutMs: number; maxBytes: number }> = {}) => ({ sourceId: 't', timeoutMs: 10_000, maxBytes: 1 << 20, ...extra });

describe('local transport', () => {
  it('is what openTransport gives for `local`', async () => {
    const t = await openTransport('local');
    const { result, stdout } = await t.exec('echo hi', opts());
    assert.equal(stdout.toString(), 'hi\n');
    assert.equal(result.exitCode, 0);
    await t.close();
  });

  it('kills a command and its children at the timeout', async () => {
    const t = localTransport();
    // The shell prints the pid of its background sleep, then waits on it.
    const { result, stdout } = await t.exec('sleep 600 & echo $!; wait', opts({ timeoutMs: 500 }));
    assert.equal(result.timedOut, true);
    assert.equal(result.signal, 'SIGKILL');
    const child = Number(stdout.toString().trim());
    assert.ok(child > 0);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(alive(child), false, `sleep ${child} survived its shell's timeout`);
  });

  it('caps stdout and says it was cut', async () => {
    const { result, stdout } = await localTransport().exec('head -c 100000 /dev/zero', opts({ maxBytes: 1000 }));
    assert.equal(stdout.length, 1000);
    assert.equal(result.bytes, 1000);
    assert.equal(result.truncated, true);
  });

  it('records a missing tool as notFound, with its exit 127', async () => {
    const { result } = await localTransport().exec('hostsnap-no-such-tool --x', opts());
    assert.equal(result.exitCode, 127);
    assert.equal(result.notFound, true);
    assert.match(result.stderr, /not found/);
  });
});
