// A host whose login prints a secret on stderr and never starts the collector: the error hostsnap
// prints (progress lines, stderr, failed.txt, the index) names the host and carries the shell's words, the secret masked.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDirs } from '../collect/temp-dirs.js';
import { runCli, sshHome } from '../faults/hostsnap-cli.js';
import { startSshd, type SshdHost } from '../helpers/sshd.js';

const tempDir = tempDirs('hostsnap-error-secrets-');
const SECRETS = { option: 'Hunter2Secret', mysql: 'MysqlS3cretPw' };

describe('secrets in a host\'s error text', { timeout: 120_000 }, () => {
  let host: SshdHost;
  before(async () => {
    // sshd runs ForceCommand through the login shell: it echoes a failing command line, secrets
    // included, on stderr, as a broken wrapper or a noisy rc file would, and exits 1.
    host = await startSshd({
      address: '127.0.11.3', alias: 'leaky',
      extraConfig: [`ForceCommand echo "backup failed: mysqldump -u root -p${SECRETS.mysql} --password=${SECRETS.option}" >&2; exit 1`],
    });
  });
  after(async () => {
    await host?.stop();
  });

  it('is masked in the progress line, stderr, failed.txt and the index; --no-redact keeps it (so the check can fail)', async () => {
    const home = sshHome(tempDir(), [host]);
    const inventory = join(tempDir(), 'hosts');
    writeFileSync(inventory, 'leaky\n');
    const out = tempDir();
    const run = await runCli(home, ['collect', '-i', inventory, '--out', out]).done;
    assert.equal(run.code, 3, run.stderr);
    // Without a terminal, collect's progress is one plain line per host on stdout.
    assert.match(run.stdout, /^leaky: FAILED: leaky: the collector did not start: backup failed: mysqldump -u root -p\[REDACTED\] --password=\[REDACTED\]$/m);
    const failed = readFileSync(join(out, 'failed.txt'), 'utf8');
    assert.match(failed, /^leaky$/m);
    const index = readFileSync(join(out, 'index.json'), 'utf8');
    assert.match(index, /-p\[REDACTED\]/);
    for (const [kind, secret] of Object.entries(SECRETS)) {
      for (const [name, text] of [['stderr', run.stderr], ['stdout', run.stdout], ['failed.txt', failed], ['index.json', index]]) {
        assert.ok(!text.includes(secret), `${kind} secret in ${name}`);
      }
    }

    const plain = await runCli(home, ['collect', '-i', inventory, '--out', tempDir(), '--no-redact']).done;
    assert.equal(plain.code, 3, plain.stderr);
    assert.ok(plain.stdout.includes(SECRETS.mysql), plain.stdout);
  });
});
