// Exit status when hosts fail and attaching fails in one run: 6, with both reruns said.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { combineExitCodes } from '../../src/attach/exit.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { freePort } from './daemon.js';
import { hostsnap, writeConfig } from './run-cli.js';

const tempDir = tempDirs('hostsnap-attach-exit-');

describe('exit status of a run with failed hosts and failed attaches', () => {
  it('3 and 5 together are 6; otherwise the highest wins', () => {
    assert.equal(combineExitCodes([0, 3, 5]), 6);
    assert.equal(combineExitCodes([5, 0]), 5);
    assert.equal(combineExitCodes([3, 3, 0]), 3);
    assert.equal(combineExitCodes([]), 0);
    assert.equal(combineExitCodes([2]), 2);
  });

  it('collect: one host unreachable, the other collected and its mail refused: exit 6, failed.txt and the attach rerun on stderr', async () => {
    const home = tempDir();
    const out = join(tempDir(), 'out');
    const [sshPort, smtpPort] = [await freePort(), await freePort()];
    const dead = `127.0.0.1:${sshPort}`;
    const inventory = join(home, 'hosts.txt');
    writeFileSync(inventory, `local\n${dead}\n`);
    const config = writeConfig(home, `mail:\n  smtp: smtp://127.0.0.1:${smtpPort}\n  from: hostsnap@controller.test\n`);
    const run = await hostsnap(['collect', '-i', inventory, '--out', out, '--attach', 'mailto:ops@hostsnap.test', '--config', config], home);
    assert.equal(run.code, 6, `${run.stdout}\n${run.stderr}`);
    assert.equal(readFileSync(join(out, 'failed.txt'), 'utf8'), `${dead}\n`);
    assert.match(run.stderr, /local: attach to SMTP: the mail to ops@hostsnap\.test was not sent/);
    assert.match(run.stderr, /to try again: hostsnap attach /);
    assert.match(run.stderr, new RegExp(`exit 6: hosts failed \\(rerun them: hostsnap collect --limit @${join(out, 'failed.txt')}\\) and attaching failed`));
  });
});
