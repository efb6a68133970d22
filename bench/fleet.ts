// Fleet benchmark: N real sshd hosts on loopback; the same diagnostics by hostsnap, parallel-ssh and Ansible ad-hoc.
// Run: npm run build && node dist/bench/fleet.js [--hosts N] [--concurrency C] [--sweep 8,16,32] [--timeout S]
// Prints each tool's wall time, hosts complete, probes timed out, the ratios, and the load average.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readArchive } from '../src/archive/read.js';
import { mapLimit } from '../src/collect/pool.js';
import { oneLine } from '../src/format/control.js';
import { configBlock, newKey, startSshd, type SshdHost } from '../test/helpers/sshd.js';
import { repoPath } from '../test/helpers/paths.js';

const { values: flags } = parseArgs({
  options: {
    hosts: { type: 'string', default: '100' },
    concurrency: { type: 'string' },
    sweep: { type: 'string' },
    timeout: { type: 'string', default: '1200' },
  },
});

function whole(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${text}`);
  return n;
}

const N = whole(flags.hosts!, 'hosts', 1, 1000);
const CONCURRENCY = flags.concurrency === undefined ? undefined : whole(flags.concurrency, 'concurrency', 1, 1000);
const SWEEP = flags.sweep ? flags.sweep.split(',').map((s) => whole(s.trim(), 'sweep', 1, 1000)) : [];
/** Every child process (one tool's run over the fleet) is killed past this. */
const TIMEOUT_S = whole(flags.timeout!, 'timeout', 10, 7200);

/** 127.0.3.1 … 127.0.3.254, then 127.0.4.1 …: a range no test uses (they take 127.0.0.x). */
const address = (i: number): string => `127.0.${3 + Math.floor(i / 254)}.${1 + (i % 254)}`;
const alias = (i: number): string => `fleet-${String(i + 1).padStart(3, '0')}`;

// ---- load average: sampled every second while the bench runs ----------------------------------
let peakLoad = 0;
let windowPeak = 0;
const loadSampler = setInterval(() => {
  const l = os.loadavg()[0];
  peakLoad = Math.max(peakLoad, l);
  windowPeak = Math.max(windowPeak, l);
}, 1000);
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');

// ---- child processes: each in its own process group, killed by that id on timeout or Ctrl-C ----
const running = new Set<number>();
let interrupted = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

process.on('SIGINT', () => {
  interrupted = true;
  console.error('\nfleet: interrupted; stopping children and hosts');
  for (const pid of running) killGroup(pid, 'SIGTERM');
});

// ---- CPU: what reaped children used, from /proc (clock ticks, 100 a second on Linux) -------------
const TICKS = 100;

/** cutime + cstime of a process: the CPU of its children it has waited for, and of theirs. */
function reapedCpuTicks(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3, state
    return Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

/** Whether a host's sshd still has connection processes (whose CPU it has not reaped yet). */
function sshdBusy(host: SshdHost): boolean {
  try {
    return readFileSync(`/proc/${host.pid}/task/${host.pid}/children`, 'utf8').trim() !== '';
  } catch {
    return false;
  }
}

interface Run {
  /** CPU of the tool and everything it forked on the controller side */
  toolCpu: number;
  /** CPU of every sshd connection and session on the hosts (sshd, shells, probes) */
  hostCpu: number;
  seconds: number;
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  peakLoad: number;
}

/**
 * Runs argv with output into files under `dir`, timing the wall clock around it; then `after`
 * (e.g. closing Ansible's ssh masters) and a wait (5 s at most) for the hosts' sessions to end,
 * so that their CPU is counted.
 */
async function timed(name: string, argv: string[], env: NodeJS.ProcessEnv, dir: string, hosts: SshdHost[],
  { timeoutS = TIMEOUT_S, after = (): void => {} } = {}): Promise<Run> {
  if (interrupted) throw new Error('interrupted');
  const outPath = join(dir, `${name}.stdout`);
  const errPath = join(dir, `${name}.stderr`);
  const out = createWriteStream(outPath);
  const err = createWriteStream(errPath);
  await Promise.all([once(out, 'open'), once(err, 'open')]);
  windowPeak = os.loadavg()[0];
  const toolCpuBefore = reapedCpuTicks('self');
  const hostCpuBefore = hosts.reduce((sum, h) => sum + reapedCpuTicks(h.pid), 0);
  const started = performance.now();
  // detached: its own process group, so a timeout kills the tool and everything it forked.
  const child = spawn(argv[0], argv.slice(1), { cwd: repoPath(), env, detached: true, stdio: ['ignore', out, err] });
  const pid = child.pid!;
  running.add(pid);
  let timedOut = false;
  let killer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(pid, 'SIGTERM');
    killer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
  }, timeoutS * 1000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  clearTimeout(killer);
  running.delete(pid);
  out.close();
  err.close();
  await Promise.all([once(out, 'close'), once(err, 'close')]);
  if (interrupted) throw new Error('interrupted');
  after();
  for (let i = 0; i < 50 && hosts.some(sshdBusy); i++) await new Promise((r) => setTimeout(r, 100));
  const toolCpu = (reapedCpuTicks('self') - toolCpuBefore) / TICKS;
  const hostCpu = (hosts.reduce((sum, h) => sum + reapedCpuTicks(h.pid), 0) - hostCpuBefore) / TICKS;
  return { toolCpu, hostCpu, seconds, code, signal, timedOut, stdout: readFileSync(outPath, 'utf8'), stderr: readFileSync(errPath, 'utf8'), peakLoad: windowPeak };
}

/** The environment every tool gets: HOME is the fleet's temp home, no agent. */
function toolEnv(home: string, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, ...more };
  delete env.SSH_AUTH_SOCK;
  return env;
}

// ---- the fleet ---------------------------------------------------------------------------------
interface Fleet {
  hosts: SshdHost[];
  home: string;
  clientKey: string;
  sshConfig: string;
  knownHosts: string;
}

/** Starts N sshd (10 at a time), pushing each into `hosts` as it comes so cleanup sees them all. */
async function startFleet(work: string, hosts: SshdHost[]): Promise<Fleet> {
  const home = join(work, 'home');
  const sshDir = join(home, '.ssh');
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  const clientKey = newKey(sshDir, 'id_fleet');
  await mapLimit(Array.from({ length: N }, (_, i) => i), 10, async (i) => {
    if (interrupted) throw new Error('interrupted');
    const host = await startSshd({ address: address(i), alias: alias(i), clientKeyPath: clientKey });
    hosts.push(host);
  });
  hosts.sort((a, b) => (a.alias < b.alias ? -1 : 1));
  const sshConfig = join(sshDir, 'config');
  const knownHosts = join(sshDir, 'known_hosts');
  writeFileSync(sshConfig, hosts.map((h) => configBlock(h, ['IdentitiesOnly yes'])).join('\n'), { mode: 0o600 });
  writeFileSync(knownHosts, hosts.map((h) => readFileSync(h.knownHostsFile, 'utf8')).join(''), { mode: 0o600 });
  return { hosts, home, clientKey, sshConfig, knownHosts };
}

/** sshd log lines that say it refused or dropped a connection or a session (MaxStartups, MaxSessions…). */
const REFUSAL = /drop(?:ping)? connection|MaxStartups|no more sessions|refused|Connection reset|Timeout before authentication/i;
type RefusalCounts = Map<string, number>;

/** Per host, the sshd log lines that are refusals (the log keeps its last 64 kB: ample for one host here). */
function refusalLines(host: SshdHost): string[] {
  return host.log().split('\n').filter((l) => REFUSAL.test(l));
}

function refusals(hosts: SshdHost[]): RefusalCounts {
  return new Map(hosts.map((h) => [h.alias, refusalLines(h).length]));
}

/** Notes on the refusals sshd logged since `before`: how many, on how many hosts, a few samples. */
function refusalNotes(hosts: SshdHost[], before: RefusalCounts): string[] {
  const fresh = hosts.flatMap((h) => refusalLines(h).slice(before.get(h.alias) ?? 0).map((l) => `${h.alias} sshd: ${l}`));
  if (fresh.length === 0) return [];
  const onHosts = new Set(fresh.map((l) => l.slice(0, l.indexOf(' ')))).size;
  return [`${fresh.length} sshd log lines of refused/dropped connections or sessions, on ${onHosts} hosts`, ...samples(fresh)];
}

const kB = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(0)} kB` : '-');

/** Up to `max` distinct lines, made safe to print. */
function samples(lines: string[], max = 3): string[] {
  return [...new Set(lines.map((l) => oneLine(l).trim().slice(0, 200)).filter((l) => l !== ''))].slice(0, max);
}

// ---- the three tools ---------------------------------------------------------------------------
interface Row {
  tool: string;
  hosts: number;
  seconds: number;
  complete: number;
  timedOut: string;
  peakLoad: number;
  run: Run;
  notes: string[];
}

function runNote(run: Run): string[] {
  const notes: string[] = [];
  if (run.timedOut) notes.push(`killed after the ${TIMEOUT_S} s timeout`);
  else if (run.code !== 0) notes.push(`exit ${run.code ?? run.signal}`);
  return notes;
}

async function hostsnap(fleet: Fleet, work: string, name: string, aliases: string[], concurrency?: number): Promise<Row> {
  const out = join(work, `out-${name}`);
  const argv = [process.execPath, 'bin/hostsnap.js', 'snapshot', ...aliases, '--out', out, '--format', 'json'];
  if (concurrency !== undefined) argv.push('--concurrency', String(concurrency));
  const before = refusals(fleet.hosts);
  const run = await timed(name, argv, toolEnv(fleet.home), work, fleet.hosts);
  let complete = 0;
  let timedOutProbes = 0;
  let hostsWithTimeout = 0;
  let sessions = -1;
  let stopped = 0;
  const timedOutIds = new Map<string, number>();
  const archives = (existsSync(out) ? readdirSync(out, { withFileTypes: true }) : []).filter((e) => e.isFile() && e.name.endsWith('.tar.gz'));
  for (const entry of archives) {
    const manifest = (await readArchive(join(out, entry.name))).manifest;
    if (!manifest || !aliases.includes(manifest.target)) continue;
    complete++;
    // A probe counts once whichever of its ways (primary, fallbacks) timed out.
    const late = manifest.probes.filter((p) => p.attempts.some((a) => a.timedOut));
    for (const p of late) timedOutIds.set(p.id, (timedOutIds.get(p.id) ?? 0) + 1);
    timedOutProbes += late.length;
    if (late.length > 0) hostsWithTimeout++;
    if (manifest.collector?.stopped) stopped++;
    // `sessions` came with the one-session collector (hostsnap 0.2); older manifests lack it.
    if (manifest.sessions !== undefined) sessions = Math.max(sessions, manifest.sessions);
  }
  rmSync(out, { recursive: true, force: true });
  const notes = runNote(run);
  if (sessions >= 0) notes.push(`at most ${sessions} SSH sessions per host`);
  if (stopped > 0) notes.push(`collector stopped at the hard deadline on ${stopped} hosts`);
  if (timedOutIds.size > 0) notes.push(`timed out: ${[...timedOutIds].map(([id, n]) => `${id} on ${n} hosts`).join(', ')}`);
  notes.push(...refusalNotes(fleet.hosts, before));
  notes.push(...samples(run.stderr.split('\n').filter((l) => l.startsWith('hostsnap'))));
  return {
    tool: `hostsnap${concurrency !== undefined ? ` --concurrency ${concurrency}` : ''}`, hosts: aliases.length, seconds: run.seconds,
    complete, timedOut: `${timedOutProbes} (on ${hostsWithTimeout} hosts)`, peakLoad: run.peakLoad, run, notes,
  };
}

/** The primary command of every probe, in catalogue order, each reading nothing from stdin. */
function probeCommands(): string {
  const listed = spawnSync(process.execPath, ['bin/hostsnap.js', 'probes', '--format', 'json'], { cwd: repoPath(), encoding: 'utf8', timeout: 60_000 });
  if (listed.status !== 0) throw new Error(`hostsnap probes failed: ${listed.stderr}`);
  const probes = (JSON.parse(listed.stdout) as { probes: Array<{ id: string; command: { run: string } }> }).probes;
  // Braces keep `</dev/null` on the whole command should a primary ever be a compound one.
  return probes.map((p) => `{ ${p.command.run}; } </dev/null`).join('; ');
}

async function pssh(fleet: Fleet, work: string, commands: string, parallel: number, name = 'pssh'): Promise<Row> {
  const hostsFile = join(work, `${name}-hosts`);
  const outDir = join(work, `${name}-out`);
  writeFileSync(hostsFile, fleet.hosts.map((h) => h.alias).join('\n') + '\n');
  const argv = ['parallel-ssh', '-h', hostsFile, '-p', String(parallel), '-t', String(TIMEOUT_S),
    '-o', outDir, '-e', join(work, `${name}-err`),
    '-x', `-F ${fleet.sshConfig}`, '-O', `UserKnownHostsFile=${fleet.knownHosts}`, '-O', 'StrictHostKeyChecking=yes',
    '-O', `IdentityFile=${fleet.clientKey}`, '-O', 'IdentitiesOnly=yes', '-O', 'BatchMode=yes', commands];
  const before = refusals(fleet.hosts);
  const run = await timed(name, argv, toolEnv(fleet.home), work, fleet.hosts, { timeoutS: TIMEOUT_S + 30 });
  // `[1] 23:51:02 [SUCCESS] fleet-001`, `[2] … [FAILURE] fleet-002 Exited with error code 255`
  const status = run.stdout.split('\n').map((l) => /^\[\d+\] \S+ \[(SUCCESS|FAILURE)\] (\S+)(.*)$/.exec(l)).filter((m) => m !== null);
  const ok = status.filter((m) => m[1] === 'SUCCESS').length;
  const failed = status.filter((m) => m[1] === 'FAILURE');
  const notes = runNote(run);
  notes.push(...refusalNotes(fleet.hosts, before));
  const sizes = existsSync(outDir) ? readdirSync(outDir).map((f) => statSync(join(outDir, f)).size) : [];
  notes.push(`stdout kept per host: ${sizes.length} files, ${kB(Math.min(...sizes, Infinity))}…${kB(Math.max(...sizes, 0))}`);
  notes.push(...samples(failed.map((m) => `${m[2]}:${m[3]}`)));
  return { tool: `parallel-ssh -p ${parallel}`, hosts: fleet.hosts.length, seconds: run.seconds, complete: ok,
    timedOut: `- (${failed.filter((m) => /Timed out/.test(m[3])).length} hosts timed out)`, peakLoad: run.peakLoad, run, notes };
}

async function ansible(fleet: Fleet, work: string, commands: string, forks: number): Promise<Row> {
  const inventory = join(work, 'inventory.ini');
  const lines = fleet.hosts.map((h) => `${h.alias} ansible_host=${h.address} ansible_port=${h.port} ansible_user=${h.user} ansible_ssh_private_key_file=${fleet.clientKey}`);
  // -F /dev/null: ssh reads ~/.ssh/config from the passwd home, not $HOME; keep the real one out.
  const sshArgs = `-F /dev/null -o UserKnownHostsFile=${fleet.knownHosts} -o IdentitiesOnly=yes`;
  writeFileSync(inventory, ['[fleet]', ...lines, '', '[all:vars]', `ansible_ssh_common_args='${sshArgs}'`, ''].join('\n'));
  const controlDir = join(work, 'ansible-cp');
  mkdirSync(controlDir);
  const env = toolEnv(fleet.home, {
    ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_GATHERING: 'explicit',
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir, ANSIBLE_LOCAL_TEMP: join(work, 'ansible-tmp'), ANSIBLE_NOCOLOR: '1',
  });
  const before = refusals(fleet.hosts);
  const run = await timed('ansible', ['ansible', 'all', '-i', inventory, '-m', 'shell', '-a', commands, '-f', String(forks)], env, work,
    fleet.hosts, { after: () => closeControlMasters(controlDir) });
  // `fleet-001 | CHANGED | rc=0 >>`, `fleet-002 | FAILED | rc=1 >>`, `fleet-003 | UNREACHABLE! => {`
  const names = new Set(fleet.hosts.map((h) => h.alias));
  const status = new Map<string, string>();
  for (const line of run.stdout.split('\n')) {
    const m = /^(\S+) \| (CHANGED|SUCCESS|FAILED|UNREACHABLE!)/.exec(line);
    if (m && names.has(m[1]) && !status.has(m[1])) status.set(m[1], m[2]);
  }
  const ok = [...status.values()].filter((s) => s === 'CHANGED' || s === 'SUCCESS').length;
  const notes = runNote(run);
  notes.push(...refusalNotes(fleet.hosts, before));
  const bad = [...status].filter(([, s]) => s !== 'CHANGED' && s !== 'SUCCESS');
  if (bad.length > 0) notes.push(`${bad.length} hosts ${[...new Set(bad.map(([, s]) => s))].join('/')}`);
  if (status.size < names.size) notes.push(`${names.size - status.size} hosts with no result line`);
  notes.push(`stdout of ansible: ${kB(Buffer.byteLength(run.stdout))} for ${names.size} hosts`);
  notes.push(...samples(run.stderr.split('\n').filter((l) => /ERROR|UNREACHABLE|Timeout|timed out/i.test(l))));
  return { tool: `ansible -f ${forks}`, hosts: fleet.hosts.length, seconds: run.seconds, complete: ok,
    timedOut: `- (${bad.filter(([, s]) => s === 'UNREACHABLE!').length} hosts unreachable)`, peakLoad: run.peakLoad, run, notes };
}

/**
 * Ansible's default ControlPersist=60s leaves one ssh master per host running after it exits, in
 * a session of its own (out of the process group we kill): ask each to exit, bounded.
 */
function closeControlMasters(controlDir: string): void {
  for (const socket of readdirSync(controlDir)) {
    spawnSync('ssh', ['-F', '/dev/null', '-o', `ControlPath=${join(controlDir, socket)}`, '-O', 'exit', 'fleet'], { stdio: 'ignore', timeout: 10_000 });
  }
}

// ---- printing ----------------------------------------------------------------------------------
function table(rows: Row[]): void {
  const header = ['tool', 'hosts', 'wall time (s)', 'hosts complete', 'probes timed out', 'peak load', 'tool CPU (s)', 'host-side CPU (s)'];
  const cells = rows.map((r) => [r.tool, String(r.hosts), r.seconds.toFixed(1), `${r.complete}/${r.hosts}`, r.timedOut, r.peakLoad.toFixed(1),
    r.run.toolCpu.toFixed(1), r.run.hostCpu.toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
  for (const r of rows) for (const n of r.notes) console.log(`  ${r.tool}, ${r.hosts} hosts: ${n}`);
}

/** a/b of wall times; flagged when either run left hosts incomplete (its time then says little). */
function ratio(a: Row, b: Row): string {
  const incomplete = [a, b].filter((r) => r.complete < r.hosts).map((r) => `${r.tool} ${r.complete}/${r.hosts} complete`);
  return `${(a.seconds / b.seconds).toFixed(2)}  (${a.seconds.toFixed(1)} s / ${b.seconds.toFixed(1)} s)` +
    (incomplete.length > 0 ? `  NOT COMPARABLE: ${incomplete.join(', ')}` : '');
}

/**
 * The shortest wall time this machine allows a run: all its CPU (the tool's and the hosts') spread
 * over every core. With every host on the controller's own cores, N hosts cost N hosts' CPU here,
 * where a real fleet spends the host side on N machines.
 */
function cpuFloor(row: Row): string {
  const seconds = (row.run.toolCpu + row.run.hostCpu) / os.cpus().length;
  return `${seconds.toFixed(1)} s ((${row.run.toolCpu.toFixed(1)} s tool + ${row.run.hostCpu.toFixed(1)} s host side) / ${os.cpus().length} CPUs)`;
}

// ---- main --------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'hostsnap-fleet-'));
  const hosts: SshdHost[] = [];
  try {
    console.log(`fleet: ${N} sshd hosts on ${address(0)}…${address(N - 1)}, ${os.cpus().length} CPUs, timeout ${TIMEOUT_S} s per tool run`);
    console.log(`load average before: ${load()}`);
    const startedAt = performance.now();
    const fleet = await startFleet(work, hosts);
    console.log(`hosts started in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; load ${load()}`);
    const commands = probeCommands();
    const aliases = fleet.hosts.map((h) => h.alias);

    const one = await hostsnap(fleet, work, 'hostsnap-one', aliases.slice(0, 1), CONCURRENCY);
    console.log(`hostsnap, 1 host: ${one.seconds.toFixed(1)} s`);
    const all = await hostsnap(fleet, work, 'hostsnap-all', aliases, CONCURRENCY);
    console.log(`hostsnap, ${N} hosts: ${all.seconds.toFixed(1)} s`);
    // pssh and Ansible get every host at once: the most favourable parallelism for them.
    const pOne = await pssh({ ...fleet, hosts: fleet.hosts.slice(0, 1) }, work, commands, 1, 'pssh-one');
    console.log(`parallel-ssh, 1 host: ${pOne.seconds.toFixed(1)} s`);
    const p = await pssh(fleet, work, commands, N);
    console.log(`parallel-ssh, ${N} hosts: ${p.seconds.toFixed(1)} s`);
    const a = await ansible(fleet, work, commands, N);
    console.log(`ansible, ${N} hosts: ${a.seconds.toFixed(1)} s`);

    console.log('');
    console.log(`hostsnap: default options${CONCURRENCY !== undefined ? ` plus --concurrency ${CONCURRENCY}` : ' (its default --concurrency)'}; ` +
      `parallel-ssh -p ${N} and ansible -f ${N} (every host at once, the most favourable to them)`);
    console.log(`pssh/ansible run, in one session per host, the primary command of each probe in sequence (${commands.length} bytes of shell)`);
    table([one, all, pOne, p, a]);
    console.log('');
    console.log(`hostsnap / parallel-ssh:      ${ratio(all, p)}   (goal ≤ 1)`);
    console.log(`hostsnap / ansible:           ${ratio(all, a)}`);
    console.log(`hostsnap ${N} hosts / 1 host: ${ratio(all, one)}   (goal ≤ 2)`);
    console.log(`parallel-ssh ${N} hosts / 1 host: ${ratio(p, pOne)}   (the same rig, for comparison)`);
    // Every host shares this machine's cores: the CPU alone bounds how fast N hosts can go here.
    console.log(`CPU floor on this machine, hostsnap ${N} hosts: ${cpuFloor(all)}; 2 x one host = ${(2 * one.seconds).toFixed(1)} s`);
    console.log(`CPU floor on this machine, parallel-ssh ${N} hosts: ${cpuFloor(p)}`);
    console.log(`every host complete, no probe timed out: ${all.complete === N && all.timedOut.startsWith('0 ') ? 'yes' : 'no'}`);

    if (SWEEP.length > 0) {
      console.log('');
      console.log(`sweep: hostsnap on ${N} hosts at each --concurrency`);
      const rows: Row[] = [];
      for (const c of SWEEP) {
        const row = await hostsnap(fleet, work, `hostsnap-c${c}`, aliases, c);
        console.log(`  --concurrency ${c}: ${row.seconds.toFixed(1)} s`);
        rows.push(row);
      }
      table(rows);
    }
    console.log('');
    console.log(`load average after: ${load()}; peak seen (1-minute average, sampled each second): ${peakLoad.toFixed(2)}`);
  } finally {
    clearInterval(loadSampler);
    for (const pid of running) killGroup(pid, 'SIGKILL');
    await Promise.all(hosts.map((h) => h.stop().catch((e: unknown) => console.error(`fleet: stopping ${h.alias}: ${String(e)}`))));
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`fleet: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
