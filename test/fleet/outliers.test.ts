// Setting outliers: from real analyses (the fixtures' own kernels, swap and sysctl), per inventory group.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import { buildFleet, type FleetEntry } from '../../src/fleet/document.js';
import { comparedGroups, settingOutliers, type SettingsHost } from '../../src/fleet/outliers.js';
import { renderFleetHtml, renderFleetMarkdown } from '../../src/fleet/render.js';
import { settingsOfFacts, type HostSettings } from '../../src/fleet/settings.js';
import { repoPath } from '../helpers/paths.js';

const INPUTS = ['debian12-x86_64-healthy', 'debian12-x86_64-psi-thrashing', 'sos-4.0-debian12', '2011-web1-xen-i686-lowmem/input.txt'];

describe('setting outliers', () => {
  const entries: FleetEntry[] = [];
  const settings: HostSettings[] = [];
  before(async () => {
    for (const input of INPUTS) {
      const { document, facts } = analyze(await readInput(repoPath('test', 'fixtures', 'hosts', input)));
      settings.push(settingsOfFacts(facts));
      entries.push({ input, document, reports: {}, settings: settingsOfFacts(facts) });
    }
  });

  it('reads kernel, arch, swap and vm.* from the parsed sources', () => {
    const [healthy, thrashing, , web1] = settings;
    assert.equal(healthy.kernel, '6.18.44-fc-v782');
    assert.equal(web1.arch, 'i686');
    assert.equal(healthy.swapTotalKb, 0);
    assert.equal(thrashing.swapTotalKb, 1048572, '/proc/swaps of the thrashing capture: one 1 GiB area');
    assert.equal(healthy.vm['vm.swappiness'], '60');
    assert.ok(!('kernel.panic' in healthy.vm), 'vm.* only');
    assert.ok(!('vm.user_reserve_kbytes' in healthy.vm), 'boot-derived reserves are not compared');
    assert.deepEqual(web1.vm, {}, 'the 2011 paste has no sysctl');
  });

  it('without an inventory, every host is in one group: the i686 host is the odd one out, swap (2 of 4 alike) is not', () => {
    const doc = buildFleet(entries, []);
    assert.deepEqual(doc.settingOutliers.map((o) => [o.name, o.group, o.setting, o.value, o.usual, `${o.usualCount}/${o.compared}`]), [
      ['web1', 'all', 'arch', 'i686', 'x86_64', '3/4'],
      ['web1', 'all', 'kernel', '2.6.39-linode33', '6.18.44-fc-v782', '3/4'],
    ]);
    const html = renderFleetHtml(doc);
    const section = html.slice(html.indexOf('<section id="outliers">'), html.indexOf('</section>', html.indexOf('<section id="outliers">')));
    assert.equal(section.match(/<tr class="outlier">/g)?.length, 2, section);
    assert.match(section, /web1<\/td><td class="group">all<\/td><td class="setting"><code>kernel<\/code><\/td><td class="value"><code>2\.6\.39-linode33<\/code>/);
    assert.match(renderFleetMarkdown(doc), /^\| web1 \| all \| arch \| i686 \| x86_64 \(3 of 4\) \|$/m);
  });

  it('compares within inventory groups: a strict majority, never in a group of 1 or 2, `all` only for hosts in no group', () => {
    const healthy = settings[0];
    const tuned = { ...healthy, vm: { ...healthy.vm, 'vm.swappiness': '10' } };
    const host = (input: string, groups: string[], s: HostSettings): SettingsHost => ({ input, name: input, groups, settings: s });
    const found = settingOutliers([
      host('web1', ['all', 'web'], healthy), host('web2', ['all', 'web'], healthy), host('web3', ['all', 'web'], tuned),
      // Two db hosts that differ: no majority, no outlier.
      host('db1', ['all', 'db'], healthy), host('db2', ['all', 'db'], tuned),
      // Ungrouped: compared with the whole fleet (5 of 7 have 60 there).
      host('lone', ['all', 'ungrouped'], tuned), host('lone2', ['all', 'ungrouped'], healthy),
    ]);
    assert.deepEqual(found.map((o) => [o.input, o.group, o.setting, o.value, o.usual]), [
      ['lone', 'all', 'vm.swappiness', '10', '60'],
      ['web3', 'web', 'vm.swappiness', '10', '60'],
    ]);
    // A 2-2 split has no majority either.
    assert.deepEqual(settingOutliers([host('a', [], healthy), host('b', [], healthy), host('c', [], tuned), host('d', [], tuned)]), []);
    // A host whose value is unknown is not compared, and not an outlier.
    assert.deepEqual(settingOutliers([host('a', [], healthy), host('b', [], healthy), host('c', [], { ...healthy, vm: {} })]), []);
    assert.deepEqual(comparedGroups(['all', 'ungrouped']), ['all']);
    assert.deepEqual(comparedGroups(['all', 'prod', 'web']), ['prod', 'web']);
  });

  it('escapes a hostile setting value in the page and the Markdown', () => {
    const hostile = '<script>alert(1)</script>|x';
    const bad = { ...settings[0], vm: { ...settings[0].vm, 'vm.swappiness': hostile } };
    const doc = buildFleet([...entries.slice(0, 3), { ...entries[1], input: 'evil', settings: bad }], []);
    assert.ok(doc.settingOutliers.some((o) => o.value === hostile));
    assert.ok(!renderFleetHtml(doc).includes('<script>'));
    assert.match(renderFleetMarkdown(doc), /\\<script\\>alert\(1\)\\<\/script\\>\\\|x/);
  });
});
