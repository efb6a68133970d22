// Host-side cost of one snapshot (processes forked, CPU seconds, peak memory of sshd and below) against `sos report` on the same sshd.
// Run (root, cgroup v1 memory + cpuacct, tracefs): npm run build && node dist/bench/footprint.js [runs, default 3]
//
// Each measured run gets a fresh cgroup (memory, cpuacct, pids) and a fresh OpenSSH sshd on
// 127.0.2.1 that joins it before exec, so sshd and everything below it (the per-connection sshd
// processes, the login shell, every probe) are charged there and nothing else is. Forks are
// counted exactly by the kernel tracepoint task:task_newtask in a private ftrace instance that the
// kernel itself restricts to sshd and its descendants (set_event_pid + options/event-fork).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readArchive } from '../src/archive/read.js';
import { oneLine } from '../src/format/control.js';
import { repoPath } from '../test/helpers/paths.js';
import { configBlock, startSshd, type SshdHost } from '../test/helpers/sshd.js';

const RUNS = Math.max(1, Math.min(9, Number(process.argv[2] ?? 3) || 3));
/** A loopback range no test or other bench uses (tests take 127.0.0.x, bench/fleet 127.0.3.x+). */
const ADDRESS = '127.0.2.1';
const ALIAS = 'footprint';
const SOS = '/usr/bin/sos';
const SOS_PLUGINS = 'memory,kernel,process';
/** One client run (a snapshot or a sos report) is killed by its pid past this. */
const CLIENT_TIMEOUT_MS = 300_000;
/** After the client ends, how long the host's sessions may take to leave the cgroup. */
const DRAIN_TIMEOUT_MS = 20_000;
const CLONE_THREAD = 0x00010000n;
const MiB = 1024 * 1024;
const SAMPLE_MS = 50;

type Tool = 'hostsnap' | 'sos';
/** What one measured run does: a tool, or the self-check (one SSH command running /bin/true `loop` times). */
type Job = Tool | { loop: number };
const SELF_CHECK_LOOPS = 100;

interface Figures {
  processes: number;
  /** processes forked that exec'd no program (subshells, pipeline parts run by the shell itself) */
  noExec: number;
  threads: number;
  execs: Map<string, number>;
  cpuNs: number;
  userNs: number;
  sysNs: number;
  peakBytes: number;
  idleBytes: number;
  peakTasks: number | null;
  /** highest rss and page cache in memory.stat, sampled every SAMPLE_MS (informational) */
  sampledRss: number;
  sampledCache: number;
  /** the processes in the cgroup at the highest usage sampled (names, counted), and that usage */
  resident: { bytes: number; names: string };
  wallMs: number;
  /** what the client itself said about the run (hostsnap: its manifest's sessions and timeouts) */
  note: string;
  /** events the trace ring buffer lost (overrun or dropped): must be 0 for an exact count */
  lost: number;
}

// ---- cgroup v1 --------------------------------------------------------------------------------

/** Mount points of the cgroup v1 hierarchies that carry each controller (from /proc/mounts). */
function v1Hierarchies(): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [, mountPoint, type, options] = line.split(' ');
    if (type !== 'cgroup') continue;
    for (const option of options.split(',')) found.set(option, mountPoint);
  }
  return found;
}

interface RunCgroup {
  memory: string;
  cpuacct: string;
  pids: string | null;
}

function createCgroup(name: string): RunCgroup {
  const mounts = v1Hierarchies();
  const memory = mounts.get('memory');
  const cpuacct = mounts.get('cpuacct');
  if (!memory || !cpuacct) {
    throw new Error('footprint needs the cgroup v1 memory and cpuacct controllers mounted (see `mount | grep cgroup`)');
  }
  const pidsRoot = mounts.get('pids');
  const cg: RunCgroup = { memory: join(memory, name), cpuacct: join(cpuacct, name), pids: pidsRoot ? join(pidsRoot, name) : null };
  const made: string[] = [];
  try {
    for (const dir of [cg.memory, cg.cpuacct, cg.pids]) {
      if (dir === null || made.includes(dir)) continue; // memory and cpuacct may share a hierarchy
      mkdirSync(dir);
      made.push(dir);
    }
  } catch (error) {
    for (const dir of made.reverse()) rmdirSync(dir);
    throw error;
  }
  return cg;
}

const cgroupDirs = (cg: RunCgroup): string[] => [...new Set([cg.memory, cg.cpuacct, ...(cg.pids ? [cg.pids] : [])])];

async function removeCgroup(cg: RunCgroup): Promise<void> {
  // A process that just ended may still be leaving the cgroup for a moment: rmdir says EBUSY.
  // One still running 2 s after sshd stopped (a failed run: the client killed, the host-side
  // session left behind) is a descendant of our sshd, the only process that joined: killed by pid.
  for (const dir of cgroupDirs(cg)) {
    for (let i = 0; ; i++) {
      if (i === 20) {
        for (const pid of procsOf(dir)) {
          console.error(`footprint: killing pid ${pid}, left in cgroup ${dir}`);
          try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
        }
      }
      try {
        rmdirSync(dir);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
        if (i >= 50) { console.error(`footprint: could not remove cgroup ${dir}: ${String(error)}`); break; }
        await sleep(100);
      }
    }
  }
}

const readNumber = (path: string): number => Number(readFileSync(path, 'utf8').trim());
const procsOf = (dir: string): number[] =>
  readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter((l) => l !== '').map(Number);
const procsIn = (cg: RunCgroup): number[] => procsOf(cg.memory);

/** Waits (bounded) until sshd's listener is the only process left in the cgroup. */
async function drained(cg: RunCgroup, sshdPid: number): Promise<boolean> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const procs = procsIn(cg);
    if (procs.length === 1 && procs[0] === sshdPid) return true;
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
}

/** cpuacct.usage_user/_sys exist since Linux 4.7; without them the split is not printed. */
function cpuNow(cg: RunCgroup): { total: number; user: number; sys: number } {
  const at = (file: string): number => (existsSync(join(cg.cpuacct, file)) ? readNumber(join(cg.cpuacct, file)) : NaN);
  return { total: at('cpuacct.usage'), user: at('cpuacct.usage_user'), sys: at('cpuacct.usage_sys') };
}

// ---- fork trace: a private ftrace instance filtered by the kernel to sshd's descendants --------

interface Tracefs {
  root: string;
  /** set when we mounted tracefs ourselves (in a temp folder), to unmount at the end */
  mountedAt: string | null;
}

async function openTracefs(): Promise<Tracefs> {
  for (const root of ['/sys/kernel/tracing', '/sys/kernel/debug/tracing']) {
    if (existsSync(join(root, 'instances'))) return { root, mountedAt: null };
  }
  // Not mounted here: mount our own view of it in a temp folder (no change under /sys).
  const dir = mkdtempSync(join(tmpdir(), 'hostsnap-footprint-tracefs-'));
  const rc = await runQuiet(['mount', '-t', 'tracefs', 'nodev', dir]);
  if (rc !== 0 || !existsSync(join(dir, 'instances'))) {
    rmdirSync(dir);
    throw new Error('footprint needs tracefs (kernel with CONFIG_EVENT_TRACING); `mount -t tracefs` failed');
  }
  return { root: dir, mountedAt: dir };
}

async function closeTracefs(fs: Tracefs): Promise<void> {
  if (!fs.mountedAt) return;
  if ((await runQuiet(['umount', fs.mountedAt])) === 0) rmdirSync(fs.mountedAt);
  else console.error(`footprint: could not unmount ${fs.mountedAt}`);
}

function runQuiet(argv: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
}

interface ForkTrace {
  dir: string;
}

function startForkTrace(fs: Tracefs, name: string, pid: number): ForkTrace {
  const dir = join(fs.root, 'instances', name);
  mkdirSync(dir); // the kernel fills a new instance with its own files and ring buffer
  const trace = { dir };
  try {
    writeFileSync(join(dir, 'buffer_size_kb'), '4096');
    // event-fork: the kernel adds each child of a listed task to the list at fork and drops it
    // at exit, so the list is always "sshd and everything below it", reparenting included.
    writeFileSync(join(dir, 'options', 'event-fork'), '1');
    // Append, never truncate: clearing a pid list (O_TRUNC) leaves events unfiltered for the
    // tens of milliseconds the kernel takes to unregister its probes (seen on 6.18).
    writeFileSync(join(dir, 'set_event_pid'), `${pid}\n`, { flag: 'a' });
    // task_newtask fires in copy_process() for every fork/vfork/clone, in the parent's context;
    // sched_process_exec names what each process ran (for the breakdown only).
    writeFileSync(join(dir, 'events', 'task', 'task_newtask', 'enable'), '1');
    writeFileSync(join(dir, 'events', 'sched', 'sched_process_exec', 'enable'), '1');
  } catch (error) {
    removeForkTrace(trace);
    throw error;
  }
  return trace;
}

function readForkTrace(trace: ForkTrace): Pick<Figures, 'processes' | 'noExec' | 'threads' | 'execs' | 'lost'> {
  writeFileSync(join(trace.dir, 'tracing_on'), '0');
  let processes = 0;
  let threads = 0;
  const execs = new Map<string, number>();
  const children = new Set<number>();
  const execed = new Set<number>();
  // Line shapes (Linux 6.x): "<comm>-<pid> [cpu] flags ts: task_newtask: pid=N comm=C clone_flags=HEX oom_score_adj=N"
  // and "... sched_process_exec: filename=PATH pid=N old_pid=N".
  for (const line of readFileSync(join(trace.dir, 'trace'), 'utf8').split('\n')) {
    const fork = / task_newtask: pid=(\d+) comm=.* clone_flags=([0-9a-f]+) oom_score_adj=-?\d+$/.exec(line);
    if (fork) {
      if (BigInt(`0x${fork[2]}`) & CLONE_THREAD) threads++;
      else { processes++; children.add(Number(fork[1])); }
      continue;
    }
    const exec = / sched_process_exec: filename=(.*) pid=(\d+) old_pid=\d+$/.exec(line);
    if (exec) {
      execs.set(basename(exec[1]), (execs.get(basename(exec[1])) ?? 0) + 1);
      execed.add(Number(exec[2]));
    }
  }
  const noExec = [...children].filter((pid) => !execed.has(pid)).length;
  let lost = 0;
  for (const cpu of readdirSync(join(trace.dir, 'per_cpu'))) {
    const stats = readFileSync(join(trace.dir, 'per_cpu', cpu, 'stats'), 'utf8');
    for (const m of stats.matchAll(/^(?:overrun|dropped events): (\d+)$/gm)) lost += Number(m[1]);
  }
  return { processes, noExec, threads, execs, lost };
}

function removeForkTrace(trace: ForkTrace): void {
  try {
    writeFileSync(join(trace.dir, 'tracing_on'), '0');
    writeFileSync(join(trace.dir, 'events', 'enable'), '0');
    rmdirSync(trace.dir);
  } catch (error) {
    console.error(`footprint: could not remove trace instance ${trace.dir}: ${String(error)}`);
  }
}

// ---- the clients: run here, outside the cgroup; only the host side is measured -----------------

let running: number | null = null;
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true;
  console.error('\nfootprint: interrupted; stopping the client, sshd, and removing cgroups');
  if (running !== null) process.kill(running, 'SIGKILL');
});

interface ClientResult { code: number | null; signal: string | null; output: string; wallMs: number; note?: string }

async function runClient(argv: string[], env: NodeJS.ProcessEnv): Promise<ClientResult> {
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
  running = child.pid ?? null;
  let output = '';
  const keep = (chunk: Buffer): void => { output = (output + chunk.toString('utf8')).slice(-8192); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const timer = setTimeout(() => { if (child.pid) process.kill(child.pid, 'SIGKILL'); }, CLIENT_TIMEOUT_MS);
  try {
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => {
      child.once('error', (error) => { output += String(error); resolve([null, null]); });
      child.once('exit', (c, s) => resolve([c, s]));
    });
    return { code, signal, output, wallMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
    running = null;
  }
}

/** A clean environment for the clients: no agent, HOME in our temp folder. */
function clientEnv(home: string): NodeJS.ProcessEnv {
  const { SSH_AUTH_SOCK: _agent, ...env } = process.env;
  return { ...env, HOME: home };
}

const sshArgv = (host: SshdHost, remote: string[]): string[] => ['ssh', '-F', host.sshConfigFile, '-o', 'BatchMode=yes', ALIAS, ...remote];

/** The snapshot's own account of the run, from the manifest in its archive. */
async function manifestNote(out: string): Promise<string> {
  const archives = readdirSync(out).filter((f) => f.endsWith('.tar.gz'));
  if (archives.length !== 1) throw new Error(`hostsnap wrote ${archives.length} archives in ${out}, expected 1`);
  const manifest = (await readArchive(join(out, archives[0]))).manifest;
  if (!manifest) throw new Error(`hostsnap's archive ${archives[0]} has no manifest`);
  const attempts = manifest.probes.flatMap((p) => p.attempts);
  // `sessions` came with issue 8's collector; older manifests lack it.
  return `manifest: ${manifest.probes.length} probes, ${attempts.length} attempts, ${attempts.filter((a) => a.timedOut).length} timed out, ` +
    `sessions ${manifest.sessions ?? 'not recorded'}`;
}

async function runJob(job: Job, host: SshdHost, scratch: string): Promise<ClientResult> {
  const home = join(scratch, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  if (typeof job === 'object') {
    // ssh joins its arguments with spaces into one command line for the login shell: one string.
    const result = await runClient(sshArgv(host, [`i=0; while [ $i -lt ${job.loop} ]; do /bin/true; i=$((i+1)); done`]), clientEnv(home));
    if (result.code !== 0) throw new Error(`self-check ssh failed (exit ${result.code ?? result.signal}):\n${oneLine(result.output)}`);
    return result;
  }
  if (job === 'hostsnap') {
    // hostsnap resolves ~/.ssh by os.homedir(), i.e. $HOME.
    writeFileSync(join(home, '.ssh', 'config'), configBlock(host), { mode: 0o600 });
    writeFileSync(join(home, '.ssh', 'known_hosts'), readFileSync(host.knownHostsFile), { mode: 0o600 });
    const out = join(scratch, 'out');
    const result = await runClient([process.execPath, repoPath('bin', 'hostsnap.js'), 'snapshot', ALIAS, '--out', out, '--format', 'json'], clientEnv(home));
    // 0: clean; 1: snapshot written, some output unparsed. Anything else is a failed snapshot.
    if (result.code !== 0 && result.code !== 1) throw new Error(`hostsnap failed (exit ${result.code ?? result.signal}):\n${oneLine(result.output)}`);
    return { ...result, note: await manifestNote(out) };
  }
  // sos runs on the host (this machine, as root over SSH) and writes its tarball to --tmp-dir.
  const sosDir = join(scratch, 'sos');
  mkdirSync(sosDir, { mode: 0o700 });
  const result = await runClient(sshArgv(host, [SOS, 'report', '--batch', '-o', SOS_PLUGINS, '--tmp-dir', sosDir]), clientEnv(home));
  if (result.code !== 0) throw new Error(`sos report failed (exit ${result.code ?? result.signal}):\n${oneLine(result.output)}`);
  if (!readdirSync(sosDir).some((f) => f.startsWith('sosreport-'))) throw new Error(`sos report wrote no archive:\n${oneLine(result.output)}`);
  return result;
}

// ---- one measured run ------------------------------------------------------------------------

let runCounter = 0;

/** `sshd 2, sh 3, pidstat 1`: the programs of these pids (escaped), counted, in first-seen order. */
function residentNames(pids: number[]): string {
  const counts = new Map<string, number>();
  for (const pid of pids) {
    let name = '?';
    try { name = oneLine(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()); } catch { /* gone meanwhile */ }
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => `${name} ${n}`).join(', ');
}

/** memory.stat's own (non-hierarchical) rss and cache lines, in bytes. */
function memoryStat(cg: RunCgroup): { rss: number; cache: number } {
  const text = readFileSync(join(cg.memory, 'memory.stat'), 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: field('rss'), cache: field('cache') };
}

async function measure(job: Job, fs: Tracefs): Promise<Figures> {
  const what = typeof job === 'object' ? 'self-check' : job;
  const name = `hostsnap-footprint-${process.pid}-${++runCounter}`;
  const scratch = mkdtempSync(join(tmpdir(), 'hostsnap-footprint-'));
  const cg = createCgroup(name);
  try {
    // The wrapper shell joins every hierarchy, then becomes sshd: one pid, born inside.
    const enterCgroups = cgroupDirs(cg).map((d) => `echo $$ > ${join(d, 'cgroup.procs')}`).join(' && ');
    const host = await startSshd({ address: ADDRESS, alias: ALIAS, wrap: (argv) => ['sh', '-c', `${enterCgroups} && exec "$@"`, 'sh', ...argv] });
    try {
      if (!procsIn(cg).includes(host.pid)) throw new Error(`sshd ${host.pid} is not in cgroup ${cg.memory}`);
      // startSshd's readiness probes are connections too: let their sshd children go first.
      if (!(await drained(cg, host.pid))) throw new Error('sshd readiness connections did not end');
      const trace = startForkTrace(fs, name, host.pid);
      try {
        // Writing 0 sets the peak to the current usage: the idle listener.
        writeFileSync(join(cg.memory, 'memory.max_usage_in_bytes'), '0');
        const idleBytes = readNumber(join(cg.memory, 'memory.usage_in_bytes'));
        const before = cpuNow(cg);
        let sampledRss = 0;
        let sampledCache = 0;
        let resident = { bytes: 0, names: '' };
        const sample = (): void => {
          const m = memoryStat(cg);
          sampledRss = Math.max(sampledRss, m.rss);
          sampledCache = Math.max(sampledCache, m.cache);
          const usage = readNumber(join(cg.memory, 'memory.usage_in_bytes'));
          if (usage > resident.bytes) resident = { bytes: usage, names: residentNames(procsIn(cg)) };
        };
        const sampler = setInterval(sample, SAMPLE_MS);
        let client: ClientResult;
        try {
          client = await runJob(job, host, scratch);
          if (!(await drained(cg, host.pid))) throw new Error(`${what}: sessions still in the cgroup ${DRAIN_TIMEOUT_MS} ms after the client ended`);
        } finally {
          clearInterval(sampler);
        }
        sample();
        const after = cpuNow(cg);
        const peakBytes = readNumber(join(cg.memory, 'memory.max_usage_in_bytes'));
        // pids.peak (Linux 6.x) cannot be reset; the readiness probes before it held fewer tasks.
        const peakTasks = cg.pids && existsSync(join(cg.pids, 'pids.peak')) ? readNumber(join(cg.pids, 'pids.peak')) : null;
        return {
          ...readForkTrace(trace),
          cpuNs: after.total - before.total, userNs: after.user - before.user, sysNs: after.sys - before.sys,
          peakBytes, idleBytes, peakTasks, sampledRss, sampledCache, resident, wallMs: client.wallMs, note: client.note ?? '',
        };
      } finally {
        removeForkTrace(trace);
      }
    } finally {
      await host.stop();
    }
  } finally {
    await removeCgroup(cg);
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---- the report ------------------------------------------------------------------------------

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function describeRun(label: string, f: Figures): string {
  const split = Number.isNaN(f.userNs) ? '' : ` (user ${(f.userNs / 1e9).toFixed(3)}, sys ${(f.sysNs / 1e9).toFixed(3)})`;
  return `  ${label.padEnd(16)} ${String(f.processes).padStart(4)} processes forked (${f.noExec} exec'd nothing), ${f.threads} threads, ` +
    `CPU ${(f.cpuNs / 1e9).toFixed(3)} s${split}, peak ${(f.peakBytes / MiB).toFixed(1)} MiB ` +
    `(idle sshd ${(f.idleBytes / MiB).toFixed(1)} MiB)${f.peakTasks === null ? '' : `, peak tasks ${f.peakTasks}`}, ` +
    `client wall ${(f.wallMs / 1000).toFixed(1)} s${f.note ? `; ${f.note}` : ''}${f.lost > 0 ? `, TRACE LOST ${f.lost} EVENTS` : ''}`;
}

/** The programs a run exec'd, most first (names from the kernel, escaped for the terminal). */
function topExecs(f: Figures, n = 10): string {
  const total = [...f.execs.values()].reduce((a, b) => a + b, 0);
  const top = [...f.execs.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
  return `${total} execs: ${top.map(([name, count]) => `${oneLine(name)} ${count}`).join(', ')}${f.execs.size > n ? ', …' : ''}`;
}

function printTable(results: Record<Tool, Figures[]>): void {
  const rows: Array<[string, (f: Figures) => number, (x: number) => string, boolean]> = [
    ['processes forked', (f) => f.processes, (x) => String(x), true],
    ["  of which exec'd nothing", (f) => f.noExec, (x) => String(x), false],
    ['CPU seconds (user+sys)', (f) => f.cpuNs / 1e9, (x) => x.toFixed(3), true],
    ['peak memory MiB', (f) => f.peakBytes / MiB, (x) => x.toFixed(1), true],
    ['  of which idle sshd MiB', (f) => f.idleBytes / MiB, (x) => x.toFixed(1), false],
    ['  peak above idle MiB', (f) => (f.peakBytes - f.idleBytes) / MiB, (x) => x.toFixed(1), false],
    [`  rss, sampled/${SAMPLE_MS}ms, MiB`, (f) => f.sampledRss / MiB, (x) => x.toFixed(1), false],
    [`  page cache, sampled, MiB`, (f) => f.sampledCache / MiB, (x) => x.toFixed(1), false],
    ['threads created', (f) => f.threads, (x) => String(x), false],
    ['client wall seconds', (f) => f.wallMs / 1000, (x) => x.toFixed(1), false],
  ];
  console.log(`\nmedians of ${RUNS} runs each         hostsnap        sos   hostsnap/sos   goal`);
  for (const [label, pick, show, goal] of rows) {
    const h = median(results.hostsnap.map(pick));
    const s = median(results.sos.map(pick));
    const ratio = s > 0 ? h / s : NaN;
    const verdict = goal ? (ratio <= 0.1 ? '≤ 0.10 met' : '≤ 0.10 NOT met') : '';
    console.log(`${label.padEnd(30)}${show(h).padStart(10)} ${show(s).padStart(10)} ${ratio.toFixed(3).padStart(14)}   ${verdict}`);
  }
}

const METHOD = [
  'method:',
  `  host = a fresh OpenSSH sshd on ${ADDRESS} per run, started inside a fresh cgroup v1 (memory, cpuacct, pids) that it`,
  '    joins before exec; every session, shell and probe below it inherits the cgroup. The clients (hostsnap, ssh) run',
  '    outside it: only the host side is measured. One unmeasured warm-up run of each tool first (file caches),',
  '    then the tools alternate run by run; the figures are medians.',
  '  processes forked: exact count of fork/vfork/clone without CLONE_THREAD made by sshd or any descendant, from the',
  '    tracepoint task:task_newtask in a private ftrace instance that the kernel filters to sshd and its descendants',
  '    (set_event_pid + options/event-fork); clones with CLONE_THREAD are the "threads" row. No ptrace: the traced',
  '    processes are not stopped; the cost is one ring-buffer write per fork. A run that lost trace events says so.',
  `    The self-check above runs one SSH command with and without ${SELF_CHECK_LOOPS} forks of /bin/true: the difference must be ${SELF_CHECK_LOOPS}.`,
  '  CPU seconds: cpuacct.usage (ns, user+system) of the cgroup, after minus before; the processes that ended are',
  '    included. Work the kernel does elsewhere on the session\'s behalf (kworkers, softirq for the loopback TCP) is not.',
  '  peak memory: memory.max_usage_in_bytes of the cgroup (reset to the idle listener before the run): anonymous',
  '    memory, page cache and kernel memory charged to the cgroup, at its highest. Page cache read earlier by others',
  '    stays charged to them, hence the warm-up. The idle listener is included (it is part of "sshd and below").',
  `    The rss and page cache rows are the highest values of memory.stat seen every ${SAMPLE_MS} ms (informational: a`,
  '    sample can miss a short spike; they tell anonymous memory from files such as sos\'s own tarball).',
  '  before each run the cgroup holds only the idle listener; after the client ends the run waits until the sessions',
  '    have left the cgroup, so late exits are counted.',
];

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('footprint needs root (cgroups, tracefs; sos runs as root over SSH)');
  if (!existsSync(SOS)) throw new Error(`${SOS} is missing: apt-get install sosreport`);
  if (!existsSync(repoPath('dist', 'src', 'cli', 'index.js'))) throw new Error('build first: npm run build');
  const commit = await gitHead();
  console.log(`footprint: host-side cost of one snapshot of one host vs \`sos report --batch -o ${SOS_PLUGINS}\`, both over SSH to the same sshd`);
  console.log(`hostsnap ${commit}, ${RUNS} measured runs per tool (+1 warm-up each), kernel ${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}`);
  const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
  const fs = await openTracefs();
  try {
    const results: Record<Tool, Figures[]> = { hostsnap: [], sos: [] };
    // Self-check of the fork count: the same SSH command with and without 100 forks of /bin/true.
    const bare = await measure({ loop: 0 }, fs);
    const loop = await measure({ loop: SELF_CHECK_LOOPS }, fs);
    console.log(describeRun('check: 0 forks', bare));
    console.log(describeRun(`check: ${SELF_CHECK_LOOPS} forks`, loop));
    const seen = loop.processes - bare.processes;
    console.log(`  self-check: ${SELF_CHECK_LOOPS} forks of /bin/true counted as ${seen} ${seen === SELF_CHECK_LOOPS ? '(exact)' : '(NOT EXACT: the process counts below are suspect)'}; ` +
      `one SSH connection with one command costs ${bare.processes} forks by itself`);
    for (const tool of ['hostsnap', 'sos'] as const) console.log(describeRun(`${tool} warm-up`, await measure(tool, fs)));
    for (let i = 1; i <= RUNS && !interrupted; i++) {
      for (const tool of ['hostsnap', 'sos'] as const) {
        if (interrupted) break;
        const f = await measure(tool, fs);
        results[tool].push(f);
        console.log(describeRun(`${tool} run ${i}`, f));
      }
    }
    if (interrupted) return;
    printTable(results);
    // CPU seconds grow when the 2 cores are contended (shared caches, hyperthreads): say how busy the machine was.
    console.log(`load average at start ${loadAtStart}, at end ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on this machine inflates CPU seconds of both tools)`);
    const lost = [...results.hostsnap, ...results.sos].reduce((a, f) => a + f.lost, 0);
    if (lost > 0) console.log(`WARNING: the fork trace lost ${lost} events: the process counts are lower bounds`);
    for (const tool of ['hostsnap', 'sos'] as const) {
      const mid = results[tool].find((f) => f.processes === median(results[tool].map((r) => r.processes))) ?? results[tool][0];
      console.log(`what ${tool} ran on the host (median run): ${topExecs(mid)}`);
      console.log(`  resident at its highest usage sampled (${(mid.resident.bytes / MiB).toFixed(1)} MiB): ${mid.resident.names}`);
    }
    console.log(METHOD.join('\n'));
  } finally {
    await closeTracefs(fs);
  }
}

async function gitHead(): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('git', ['-C', repoPath(), 'log', '-1', '--format=%h %s'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.once('error', () => resolve('(no git)'));
    child.once('exit', () => resolve(oneLine(out.trim()) || '(no git)'));
  });
}

try {
  await main();
} catch (error) {
  console.error(`footprint: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
