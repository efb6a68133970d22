// A host whose login is French (LANG=fr_FR.UTF-8 from the user's rc file, over real sshd): every
// probe still prints the C locale's output, and the manifest names the login's own locale.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { free } from '../../src/parsers/free.js';
import { readArchive } from '../../src/archive/read.js';
import { snapshotHost } from '../../src/pipeline/snapshot.js';
import { findProbe } from '../../src/probes/index.js';
import { startSshd, type SshdHost } from '../helpers/sshd.js';
import { ensureLocale } from './locales.js';
import { tempDirs } from './temp-dirs.js';

const tempDir = tempDirs('hostsnap-locale-');
const FRENCH = 'fr_FR.UTF-8';

/** What the login prints for a command, through OpenSSH's own client (no hostsnap involved). */
function viaOpenSsh(host: SshdHost, command: string): string {
  const run = spawnSync('ssh', ['-F', host.sshConfigFile, '-o', 'BatchMode=yes', '-T', host.alias, command], { input: '', encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `${command}: ${run.stderr}`);
  return run.stdout;
}

describe('the collector on a host whose login sets a French locale', { timeout: 120_000 }, () => {
  it('runs every probe under LC_ALL=C and records the login\'s locale in the manifest', async (t) => {
    ensureLocale(FRENCH);
    const host = await startSshd({ address: '127.0.0.5' });
    t.after(() => host.stop());
    // sshd sets HOME to the host's folder, and bash run by sshd reads ~/.bashrc even for `-c`.
    // (The harness's own `SetEnv HOME=` line is the one sshd keeps: it takes the first SetEnv.)
    writeFileSync(join(host.dir, '.bashrc'), `export LANG=${FRENCH} LC_NUMERIC=${FRENCH}\n`);
    // The login really is French: without the collector's override, free and pidstat say so.
    assert.match(viaOpenSsh(host, 'free -k'), /utilisé/);
    assert.match(viaOpenSsh(host, 'pidstat -u 1 1'), /Moyenne/);

    const result = await snapshotHost(host.target, { outDir: tempDir(), formats: ['json'], ssh: host.sshOptions(),
      probes: ['free', 'pidstat', 'uname'].map((id) => findProbe(id)!) });
    const set = await readArchive(result.archive);
    assert.deepEqual(set.manifest!.locale, { LANG: FRENCH, LC_ALL: null, LC_CTYPE: null, LC_NUMERIC: FRENCH });
    const freeText = set.sources.get('free')!.text;
    assert.match(freeText, /^ +total +used +free +shared +buff\/cache +available\nMem: /);
    const pidstat = set.sources.get('pidstat')!.text;
    assert.match(pidstat, /^Average: /m);
    assert.doesNotMatch(pidstat, /Moyenne|\d,\d\d/);
    // The parsers read what the archive holds (they refuse the French layout today).
    const facts = free.run(freeText);
    assert.ok(facts.ok && facts.facts.memTotalKb! > 0, JSON.stringify(facts));
  });
});
