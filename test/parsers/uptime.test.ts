// uptime parser: /proc/uptime (5.x, 6.18) and the uptime command (procps-ng 4.0.2, busybox 1.35).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { uptime, type UptimeFacts } from '../../src/parsers/uptime.js';
import { repoPath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(repoPath('test/fixtures/sources/uptime', name), 'utf8');

const cases: Array<{ file: string; expect: UptimeFacts }> = [
  { file: 'jc-linux-proc-uptime.txt', expect: { uptimeSeconds: 46901.13, idleSeconds: 46856.66, load: null, users: null } },
  { file: 'proc-uptime-debian12-6.18-x86_64.txt', expect: { uptimeSeconds: 431.14, idleSeconds: 679.64, load: null, users: null } },
  { file: 'uptime-procps-ng-4.0.2.txt', expect: { uptimeSeconds: 420, idleSeconds: null, load: [0.81, 0.51, 0.25], users: 0 } },
  { file: 'uptime-busybox-1.35.0.txt', expect: { uptimeSeconds: 420, idleSeconds: null, load: [0.9, 0.54, 0.26], users: 0 } },
];

for (const c of cases) {
  test(`uptime reads ${c.file}`, () => {
    const result = uptime.run(fixture(c.file));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.facts, c.expect);
  });
}

// The "up" part takes these shapes in procps (print_uptime) and busybox; the lines are the
// procps-ng fixture's with the duration replaced, since this machine has been up minutes only.
const durations: Array<[string, number]> = [
  ['3:04', 3 * 3600 + 4 * 60], ['2 days,  3:04', 2 * 86400 + 3 * 3600 + 4 * 60],
  ['1 day, 5 min', 86400 + 300], ['12 days', 12 * 86400],
];
for (const [up, seconds] of durations) {
  test(`uptime reads "up ${up}"`, () => {
    const line = fixture('uptime-procps-ng-4.0.2.txt').replace('7 min', up);
    const result = uptime.run(line);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.facts.uptimeSeconds, seconds);
    assert.deepEqual(result.facts.load, [0.81, 0.51, 0.25]);
  });
}

for (const [name, text] of [['empty', ''], ['garbage', 'uptime: not found\n'], ['loadavg', '0.81 0.51 0.25 1/98 9134\n']]) {
  test(`uptime: ${name} is unparsed with a reason`, () => {
    const result = uptime.run(text);
    assert.ok(!result.ok && result.reason.length > 0);
  });
}
