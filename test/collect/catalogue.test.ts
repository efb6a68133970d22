// The probe catalogue: the team's source ids, sorted, each read by a parser, each well-formed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parserForSource } from '../../src/parsers/index.js';
import { PROBES } from '../../src/probes/index.js';
import { runOrder } from '../../src/probes/script.js';
import { repoPath } from '../helpers/paths.js';

// docs/TEAM.md "Source ids".
const SOURCE_IDS = `free, vmstat, pidstat, ps, slabtop, uname, os-release, sysctl, nproc, uptime, dmesg,
kern-log, proc-meminfo, proc-zoneinfo, proc-buddyinfo, proc-slabinfo, proc-vmstat, proc-loadavg,
proc-pressure-cpu, proc-pressure-memory, proc-pressure-io, proc-swaps, proc-mountinfo, memcg`.split(/,\s*/);

describe('probe catalogue', () => {
  it('has exactly the team source ids, sorted, each with a parser', () => {
    const ids = PROBES.map((p) => p.id);
    assert.deepEqual(ids, [...SOURCE_IDS].sort());
    for (const id of ids) assert.ok(parserForSource(id), `no parser reads ${id}`);
  });

  it('gives every probe a timeout, a cap and a command', () => {
    for (const p of PROBES) {
      assert.ok(p.timeoutMs > 0 && p.maxBytes > 0 && p.command.run.trim() !== '', p.id);
      if (p.sampleSeconds) assert.ok(p.timeoutMs > p.sampleSeconds * 1000, p.id);
    }
  });

  it('starts the samplers first', () => {
    const order = runOrder(PROBES).map((p) => p.id);
    assert.deepEqual(order.slice(0, 2).sort(), ['pidstat', 'vmstat']);
    assert.equal(order.at(-1), 'ps'); // reads other processes' memory: may hang, so last
  });

  it('is listed by `hostsnap probes`, as text and as JSON', () => {
    const run = (args: string[]): string => execFileSync(process.execPath, [repoPath('bin', 'hostsnap.js'), 'probes', ...args], { encoding: 'utf8' });
    const json = JSON.parse(run(['--format', 'json'])) as { probes: Array<{ id: string; command: { run: string } }> };
    assert.deepEqual(json.probes.map((p) => p.id), PROBES.map((p) => p.id));
    const text = run([]);
    for (const p of PROBES) assert.ok(text.includes(`\n  $ ${p.command.run.split('\n')[0]}\n`) || text.includes(`$ ${p.command.run}`), p.id);
    assert.match(text, /^slabtop \[memory\] .*needs root/m);
    assert.match(text, /^ps \[processes\] .*runs after the sampling window/m);
  });

  it('prints the collector script with `hostsnap probes --script`, valid for dash, bash and busybox ash', () => {
    const script = execFileSync(process.execPath, [repoPath('bin', 'hostsnap.js'), 'probes', '--script'], { encoding: 'utf8' });
    for (const p of PROBES) assert.match(script, new RegExp(`^# ${p.id}$`, 'm'), p.id);
    assert.doesNotMatch(script, /sudo -n/); // without --sudo nothing is run as root
    const withSudo = execFileSync(process.execPath, [repoPath('bin', 'hostsnap.js'), 'probes', '--script', '--sudo'], { encoding: 'utf8' });
    assert.equal(withSudo.match(/sudo -n --/g)?.length, PROBES.filter((p) => p.needsRoot).reduce((n, p) => n + 1 + (p.fallbacks?.length ?? 0), 0));
    for (const shell of [['/bin/dash'], ['/bin/bash', '--posix'], ['/bin/busybox', 'sh']]) {
      for (const text of [script, withSudo]) execFileSync(shell[0], [...shell.slice(1), '-n'], { input: text }); // throws on a syntax error
    }
  });
});
