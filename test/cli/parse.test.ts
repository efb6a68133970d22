// `hostsnap parse`: the real CLI in a child process, fed real fixtures by FILE and by stdin.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoPath } from '../helpers/paths.js';

interface Run { code: number | null; stdout: string; stderr: string }

/** Run bin/hostsnap.js with args, writing `input` (or nothing) to its stdin; bounded by a timeout. */
function hostsnap(args: string[], input?: string | Buffer): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('bin/hostsnap.js'), ...args], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    // The child may stop reading early (input over the cap): a broken pipe is expected then.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

const fixture = (...parts: string[]): string => repoPath('test/fixtures/sources', ...parts);

test('parse SOURCE FILE prints the facts as pretty JSON with a trailing newline', async () => {
  const run = await hostsnap(['parse', 'meminfo', fixture('proc-meminfo', 'linux-2.6-i686-highmem-lkml-2006.txt')]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.endsWith('}\n'));
  assert.ok(run.stdout.includes('\n  "fields": {\n'));
  const facts = JSON.parse(run.stdout);
  assert.equal(facts.fields.LowFree, 217528);
  assert.equal(facts.fields.HighTotal, 1169944);
});

test('parse reads stdin without FILE, and takes a source id for SOURCE', async () => {
  const text = readFileSync(fixture('proc-zoneinfo', 'linux-3.7.0-rc7-i686-fedora18-linux-mm-2012.txt'));
  const run = await hostsnap(['parse', 'proc-zoneinfo'], text);
  assert.equal(run.code, 0, run.stderr);
  const facts = JSON.parse(run.stdout);
  assert.deepEqual(facts.zones.map((z: { zone: string; freePages: number }) => [z.zone, z.freePages]),
    [['DMA', 1655], ['Normal', 186234], ['HighMem', 8983]]);
});

test('parse prints an unparsed document and exits 1 for text it does not recognise', async () => {
  const run = await hostsnap(['parse', 'uname', fixture('uname', 'jc-centos-7.7-uname.txt')]);
  assert.equal(run.code, 1);
  const body = JSON.parse(run.stdout);
  assert.equal(body.unparsed, true);
  assert.equal(body.parser, 'uname');
  assert.match(body.reason, /only the kernel name/);
  assert.equal(body.excerpt, 'Linux\n');
});

test('parse of empty stdin is unparsed ("empty output"), exit 1', async () => {
  const run = await hostsnap(['parse', 'loadavg'], '');
  assert.equal(run.code, 1);
  assert.equal(JSON.parse(run.stdout).reason, 'empty output');
});

test('parse with an unknown SOURCE is a usage error that lists the known names', async () => {
  const run = await hostsnap(['parse', 'meminfoo', fixture('proc-meminfo', 'debian12-6.18-x86_64.txt')]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /unknown SOURCE "meminfoo"/);
  for (const name of ['meminfo (proc-meminfo)', 'zoneinfo (proc-zoneinfo)', 'kernlog (dmesg, kern-log)']) assert.ok(run.stderr.includes(name), name);
});

test('parse with a missing FILE is a usage error naming the file', async () => {
  const run = await hostsnap(['parse', 'nproc', '/nonexistent/hostsnap-file']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /cannot read \/nonexistent\/hostsnap-file: ENOENT/);
});

test('parse refuses input over its 64 MiB cap with a clear error', async () => {
  const line = readFileSync(fixture('nproc', 'debian12-6.18-x86_64.txt'));
  const input = Buffer.alloc(64 * 1024 * 1024 + line.length * 2, line);
  const run = await hostsnap(['parse', 'nproc'], input);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /standard input is larger than 64 MiB/);
  assert.equal(run.stdout, '');
});

test('parse --help lists every registered parser with its one-line description and the exit statuses', async () => {
  const run = await hostsnap(['parse', '--help']);
  assert.equal(run.code, 0);
  const { parsers } = await import('../../src/parsers/index.js');
  for (const parser of Object.values(parsers)) assert.ok(run.stdout.includes(parser.description), parser.name);
  assert.match(run.stdout, /Exit status: 0 facts printed; 1 the text was not recognised/);
});

test('parse ends quietly when its reader closes the pipe early (| head)', async () => {
  // Twenty sysctl -a outputs in a row: their JSON is far larger than a pipe's 64 KiB buffer.
  const input = readFileSync(fixture('sysctl', 'jc-centos-7.7-sysctl-a.txt'), 'utf8').repeat(20);
  const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('bin/hostsnap.js'), 'parse', 'sysctl'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
    let stderr = '';
    child.stdout.once('data', () => child.stdout.destroy());
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(input);
  });
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
});

test('parse kernlog FILE streams the file and gives the same facts as the text read from stdin', async () => {
  const path = fixture('kern-log', '2011-web1-xen-i686-lowmem.txt');
  const streamed = await hostsnap(['parse', 'kernlog', path]);
  const piped = await hostsnap(['parse', 'kernlog'], readFileSync(path));
  assert.equal(streamed.code, 0, streamed.stderr);
  assert.equal(piped.code, 0, piped.stderr);
  assert.deepEqual(JSON.parse(streamed.stdout), JSON.parse(piped.stdout));
  assert.equal(JSON.parse(streamed.stdout).oomEvents[1].trigger.comm, 'apache2');
});

test('parse kernlog FILE that holds no kernel log line is unparsed with an excerpt of the file', async () => {
  const run = await hostsnap(['parse', 'kernlog', fixture('proc-meminfo', 'linux-2.6-i686-highmem-lkml-2006.txt')]);
  assert.equal(run.code, 1);
  const body = JSON.parse(run.stdout);
  assert.equal(body.unparsed, true);
  assert.match(body.excerpt, /MemTotal/);
});
