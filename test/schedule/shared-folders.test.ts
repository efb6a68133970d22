// Two inventory names that one history folder would hold (`web/1` and `web_1`): schedule refuses
// before connecting or writing anything, naming both and the folder.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sharedHostFolders } from '../../src/schedule/cycle.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { hostsnap } from './fleet-hosts.js';

const tempDir = tempDirs('hostsnap-shared-folders-');

describe('history folders shared by two inventory names', () => {
  it('finds every set of names that map to one folder, and only those', () => {
    assert.deepEqual(sharedHostFolders(['web/1', 'db', 'web_1', 'web:1', 'web.1', 'cache']), [{ folder: 'web_1', names: ['web/1', 'web_1', 'web:1'] }]);
    assert.deepEqual(sharedHostFolders(['web.1', 'web-1', 'web_1']), []);
  });

  it('schedule --once refuses them before collecting, and writes nothing', async () => {
    const home = tempDir();
    const out = join(tempDir(), 'history');
    const inventory = join(home, 'hosts.ini');
    // Loopback ports nothing listens on: the refusal must come before any connection is tried.
    writeFileSync(inventory, ['[web]', 'web/1 ansible_host=127.0.0.1 ansible_port=9', 'web_1 ansible_host=127.0.0.1 ansible_port=9', 'db ansible_host=127.0.0.1 ansible_port=9', ''].join('\n'));
    const run = await hostsnap(['schedule', '--inventory', inventory, '--once', '--keep', '3', '--out', out, '--connect-timeout', '1'], home, 60_000);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /inventory hosts "web\/1" and "web_1" would share one history folder, \S*history\/web_1/);
    assert.match(run.stderr, /rename the hosts in the inventory/);
    assert.equal(existsSync(out), false, 'not even --out is made');
  });
});
