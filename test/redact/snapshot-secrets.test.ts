// Real processes with secrets in their arguments, snapshotted over real sshd by the real CLI:
// no secret in any byte written (archive members, reports in every format, stdout, stderr).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { readArchive } from '../../src/archive/read.js';
import { snapshotHost } from '../../src/pipeline/snapshot.js';
import { formatNumber } from '../../src/format/numbers.js';
import { findProbe } from '../../src/probes/index.js';
import { NOT_REDACTED_ID } from '../../src/redact/notice.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { runCli, sshHome } from '../faults/hostsnap-cli.js';
import { startSshd, type SshdHost } from '../helpers/sshd.js';

const tempDir = tempDirs('hostsnap-redact-');

// AWS's documentation example id; a secret of the documented shape, made up for this test.
const SECRETS = {
  option: 'Hunter2Secret', optionEq: 'Eq2HunterSecret', mysql: 'MysqlS3cretPw', passwd: 'Passwd0Secret',
  assignment: 'Plain0Secret', token: 'tok-7f3e9a1c', apiKey: 'ak_live_5c2d8b', authorization: 'dXNlcjpBdXRoMFNlY3JldA==',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.BearerSecret', urlPass: 'Url0Secret', awsId: 'AKIAIOSFODNN7EXAMPLE',
  awsSecret: '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', keyBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
};
const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----\n${SECRETS.keyBody}\n-----END PRIVATE KEY-----`;

/** Two holders, each big enough in RSS (600 MiB) to be in the report's top-10 process table. */
const HOLDERS: Array<{ argv0: string; args: string[] }> = [
  { argv0: 'mysql', args: ['-u', 'root', `-p${SECRETS.mysql}`, '--password', SECRETS.option, `--password=${SECRETS.optionEq}`, `--db-passwd=${SECRETS.passwd}`, `password=${SECRETS.assignment}`] },
  {
    argv0: 'node',
    args: [`AWS_SECRET_ACCESS_KEY=${SECRETS.awsSecret}`, SECRETS.awsId, `SERVICE_TOKEN=${SECRETS.token}`, '--api-key', SECRETS.apiKey,
      `Authorization: Basic ${SECRETS.authorization}`, `Bearer ${SECRETS.bearer}`, `https://deploy:${SECRETS.urlPass}@git.example.org/x.git`, PRIVATE_KEY],
  },
];

/** Starts a holder and resolves once it holds its memory (it says so on stdout). */
function startHolder(script: string, holder: { argv0: string; args: string[] }): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script, ...holder.args], { argv0: holder.argv0, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
    child.stdout!.once('data', () => resolve(child));
  });
}

/** Every byte in `dir`, archives unpacked (a .tar.gz is gunzipped: its members are plain in the tar). */
function writtenBytes(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const data = readFileSync(join(dir, name));
    files.set(name, name.endsWith('.gz') ? gunzipSync(data) : data);
  }
  return files;
}

describe('secrets in process arguments', { timeout: 180_000 }, () => {
  let host: SshdHost;
  const holders: ChildProcess[] = [];
  before(async () => {
    host = await startSshd({ address: '127.0.11.2', alias: 'vault' });
    const script = join(tempDir(), 'hostsnap-redact-holder.js');
    writeFileSync(script, "const b = Buffer.alloc(600 * 2 ** 20, 1); setInterval(() => b[0]++, 60_000); process.stdout.write('holding\\n');\n");
    for (const h of HOLDERS) holders.push(await startHolder(script, h));
  });
  after(async () => {
    for (const child of holders) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    await host?.stop();
  });

  it('none is in any byte the snapshot writes or prints; the processes are still in the report', async () => {
    const home = sshHome(tempDir(), [host]);
    const out = tempDir();
    const run = await runCli(home, ['snapshot', 'vault', '--out', out, '--format', 'html,md,json,text']).done;
    assert.equal(run.code, 0, run.stderr);
    const files = writtenBytes(out);
    assert.equal(files.size, 5, [...files.keys()].join(' '));
    files.set('stdout', Buffer.from(run.stdout));
    files.set('stderr', Buffer.from(run.stderr));
    for (const [name, data] of files) {
      for (const [kind, secret] of Object.entries(SECRETS)) assert.ok(!data.includes(secret), `${kind} secret in ${name}`);
    }
    const archive = readdirSync(out).find((n) => n.endsWith('.tar.gz'))!;
    const set = await readArchive(join(out, archive));
    const ps = set.sources.get('ps')!.text;
    // The processes are there, their secrets masked in place.
    assert.match(ps, /mysql .*-u root -p\[REDACTED\] --password \[REDACTED\] --password=\[REDACTED\]/);
    assert.match(ps, /AWS_SECRET_ACCESS_KEY=\[REDACTED\] \[REDACTED\] SERVICE_TOKEN=\[REDACTED\]/);
    const redaction = set.manifest!.redaction!;
    assert.equal(redaction.enabled, true);
    // 5 + 8 in ps's rows of the two holders (other processes of the machine may add some).
    assert.ok(redaction.count >= 13, JSON.stringify(redaction));
    for (const kind of ['option', 'mysql-password', 'assignment', 'aws-access-key', 'authorization', 'bearer', 'url-credentials', 'private-key']) {
      assert.ok((redaction.kinds[kind] ?? 0) >= 1, `${kind}: ${JSON.stringify(redaction.kinds)}`);
    }
    const html = files.get(readdirSync(out).find((n) => n.endsWith('.html'))!)!.toString('utf8');
    for (const child of holders) assert.ok(html.includes(`>${formatNumber(child.pid!, 0)}<`), `pid ${child.pid} in the report's process table`);
    assert.ok(html.includes('hostsnap-redact-holder.js'));
  });

  it('--no-redact keeps them, and says so first in every report', async () => {
    const out = tempDir();
    const result = await snapshotHost(host.target, { outDir: out, formats: ['json', 'md', 'text'], probes: [findProbe('ps')!], ssh: host.sshOptions(), redact: false });
    const set = await readArchive(result.archive);
    assert.ok(set.sources.get('ps')!.text.includes(SECRETS.mysql));
    assert.deepEqual(set.manifest!.redaction, { enabled: false, count: 0, kinds: {} });
    const json = JSON.parse(readFileSync(result.reports[0], 'utf8')) as { findings: Array<{ id: string }> };
    assert.equal(json.findings[0].id, NOT_REDACTED_ID);
    for (const report of result.reports.slice(1)) {
      const text = readFileSync(report, 'utf8');
      const at = text.indexOf('Not redacted');
      assert.ok(at >= 0 && at < 2000, `${report}: "Not redacted" at ${at}`);
    }
  });
});
