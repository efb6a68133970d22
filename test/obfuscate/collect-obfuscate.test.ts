// `hostsnap collect --obfuscate` over 3 real sshd hosts (own UTS names, other inventory names, FQDNs),
// real users' processes and a real memcg OOM: no original in any written byte, the same findings.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { runCli } from '../faults/hostsnap-cli.js';
import { provokeMemcgOom, type MemcgOom } from '../helpers/memcg.js';
import { ensureUser, removeUser, runAs, startFleet, writeInventory, writtenFiles, type FleetHost } from './fleet.js';

const tempDir = tempDirs('hostsnap-obfuscate-');

// 9 letters: ps prints it cut, `wrenfie+`; 6 letters: whole.
const USERS = ['wrenfield', 'osprey'];
const HOSTS = [
  { name: 'lark.corp-obf.test', uts: 'kestrel-alpha', address: '127.0.13.2' },
  { name: 'finch.corp-obf.test', uts: 'kestrel-bravo', address: '127.0.13.3' },
  { name: 'heron-db', uts: 'kestrel-charlie', address: '127.0.13.4' },
];

interface Finding { id: string; severity: string; evidence: unknown[] }
interface Doc { host: { name: string }; findings: Finding[]; oomEvents: Array<{ memcg: string | null }> }

/** What "the same findings" means: ids, severities and evidence counts, in order. */
function shapeOf(doc: Doc): string[] {
  return doc.findings.map((f) => `${f.id}/${f.severity}/${f.evidence.length}`);
}

describe('collect --obfuscate (3 sshd hosts, 2 users, a memcg OOM)', { timeout: 300_000 }, () => {
  let fleet: FleetHost[] = [];
  const children: ChildProcess[] = [];
  let oom: MemcgOom;
  let inventory: string;
  let home: string;
  before(async () => {
    oom = await provokeMemcgOom(64);
    for (const name of USERS) children.push(await runAs(ensureUser(name), `/home/${name}/job.sh`));
    fleet = await startFleet(HOSTS);
    ({ inventory, home } = writeInventory(tempDir(), fleet));
  });
  after(async () => {
    for (const child of children) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    for (const f of fleet) await f.host.stop();
    for (const name of USERS) removeUser(name);
  });

  it('writes no original host name, domain, address, user or cgroup name; the mapping is private; findings are the same', async () => {
    assert.equal(oom.signal, 'SIGKILL', 'the kernel killed the cgroup\'s child');
    const out = tempDir();
    const state = tempDir();
    const run = await runCli(home, ['collect', '-i', inventory, '--out', out, '--format', 'html,md,json,text', '--obfuscate', '--concurrency', '3'],
      { XDG_STATE_HOME: state }).done;
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const files = writtenFiles(out);
    // 3 hosts x (archive + 4 reports) + index.json/html/md + failed.txt, and no stage left.
    assert.equal(files.size, 3 * 5 + 4, [...files.keys()].join(' '));
    const originals: Record<string, string[]> = {
      host: [...HOSTS.flatMap((h) => [h.name, h.uts]), 'lark', 'finch'],
      domain: ['corp-obf.test'],
      address: HOSTS.map((h) => h.address),
      user: [...USERS, 'wrenfie+'],
      cgroup: [oom.cgroup.slice(1)],
      // The inventory's group: its stand-in is in index.json's groups.
      group: ['birds'],
    };
    for (const [name, data] of files) {
      for (const [kind, values] of Object.entries(originals)) {
        for (const value of values) assert.ok(!data.includes(value) && !name.includes(value), `${kind} ${value} in ${name}`);
      }
    }

    const mappingLine = run.stdout.match(/obfuscation mapping \(private[^)]*\): (\S+)/);
    assert.ok(mappingLine, run.stdout);
    const mappingPath = mappingLine[1];
    assert.ok(mappingPath.startsWith(join(state, 'hostsnap', 'obfuscation')), mappingPath);
    assert.equal(statSync(mappingPath).mode & 0o777, 0o600);
    const mapping = JSON.parse(readFileSync(mappingPath, 'utf8')) as { entries: Array<{ kind: string; original: string; standIn: string }> };
    const standIn = (original: string): string => mapping.entries.find((e) => e.original === original)?.standIn ?? '(none)';
    // Same width: ps's USER column and the cut form follow the stand-in.
    for (const user of USERS) assert.equal(standIn(user).length, user.length, user);
    assert.equal(standIn('wrenfie+'), `${standIn('wrenfield').slice(0, 7)}+`);
    assert.equal(standIn(oom.cgroup.slice(1)).length, oom.cgroup.length - 1);

    // Consistent across the collection: one stand-in for the cgroup in every host's analysis.
    const docs = [...files].filter(([n]) => n.endsWith('.json') && n !== 'index.json').map(([, d]) => JSON.parse(d.toString('utf8')) as Doc);
    assert.equal(docs.length, 3);
    for (const doc of docs) {
      assert.ok(doc.oomEvents.some((e) => e.memcg === `/${standIn(oom.cgroup.slice(1))}`), `${doc.host.name}: the OOM's cgroup by its stand-in`);
      const ps = [...files].find(([n]) => n.endsWith('.tar.gz') && n.startsWith(doc.host.name))![1].toString('utf8');
      assert.match(ps, new RegExp(`\\n\\s*\\d+\\s+\\d+ ${standIn('osprey')}\\s+S`), 'osprey\'s row keeps its columns');
    }
    const names = new Set(docs.map((d) => d.host.name));
    assert.deepEqual(names, new Set(HOSTS.map((h) => standIn(h.uts))), 'each host by its own stand-in');

    // The same archive, analysed with and without --obfuscate (the CLI's plain archive): same findings.
    const plainOut = tempDir();
    const plain = await runCli(home, ['collect', '-i', inventory, '--limit', 'heron-db', '--out', plainOut, '--format', 'json'], { XDG_STATE_HOME: state }).done;
    assert.equal(plain.code, 0, plain.stderr);
    // Without --obfuscate every one of those values is there: the check above could fail.
    const plainText = [...writtenFiles(plainOut).values()].map((d) => d.toString('utf8')).join('\n');
    for (const value of ['heron-db', 'kestrel-charlie', '127.0.13.4', 'wrenfield', 'wrenfie+', 'osprey', oom.cgroup.slice(1)]) {
      assert.ok(plainText.includes(value), `the plain collection holds ${value}`);
    }
    const archive = join(plainOut, readdirSync(plainOut).find((n) => n.endsWith('.tar.gz'))!);
    const [a, b] = await Promise.all([
      runCli(home, ['analyze', archive, '--format', 'json'], { XDG_STATE_HOME: state }).done,
      runCli(home, ['analyze', archive, '--format', 'json', '--obfuscate'], { XDG_STATE_HOME: state }).done,
    ]);
    assert.equal(b.code, 0, b.stderr);
    const [docA, docB] = [JSON.parse(a.stdout) as Doc, JSON.parse(b.stdout) as Doc];
    assert.ok(docA.findings.some((f) => f.id === 'memcg-oom'), 'the OOM is a finding');
    assert.deepEqual(shapeOf(docB), shapeOf(docA));
    assert.equal(docB.oomEvents.length, docA.oomEvents.length);
    assert.equal(new Set(docB.oomEvents.map((e) => e.memcg)).size, new Set(docA.oomEvents.map((e) => e.memcg)).size, 'cgroups told apart as before');
    assert.equal(docA.host.name, 'kestrel-charlie');
    assert.notEqual(docB.host.name, 'kestrel-charlie');
    // What the archive itself states (not the inventory's names: ps may show them in the collect
    // command's own arguments, and an archive alone cannot tell they name hosts).
    for (const value of ['kestrel-charlie', '127.0.13.4', ...originals.user, ...originals.cgroup]) {
      assert.ok(!b.stdout.includes(value), `${value} in analyze --obfuscate's output`);
    }
  });
});
