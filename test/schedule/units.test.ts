// The generated systemd units pass systemd-analyze verify; their OnCalendar fires when croner does; the crontab line.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Cron } from 'croner';
import { onCalendar } from '../../src/schedule/calendar.js';
import { cronLine, onceArgs, systemdUnits, type Invocation } from '../../src/schedule/units.js';
import { tempDirs } from '../collect/temp-dirs.js';
import { repoPath } from '../helpers/paths.js';

const tempDir = tempDirs('hostsnap-units-');

/** systemd-analyze comes with Debian's `systemd` package: installed here when missing. */
function ensureSystemdAnalyze(): void {
  if (existsSync('/usr/bin/systemd-analyze')) return;
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'systemd'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 300_000 });
}

function verify(dir: string, units: Array<{ name: string; text: string }>): { status: number | null; stderr: string } {
  for (const unit of units) writeFileSync(join(dir, unit.name), unit.text);
  const r = spawnSync('systemd-analyze', ['verify', ...units.map((u) => join(dir, u.name))], { encoding: 'utf8', timeout: 60_000 });
  // verify also reads the machine's other units; only lines about ours count.
  return { status: r.status, stderr: r.stderr.split('\n').filter((l) => l.includes(dir)).join('\n') };
}

const run: Invocation = {
  node: process.execPath,
  script: repoPath('bin', 'hostsnap.js'),
  cwd: '/srv/hostsnap 100% "fleet"',
  args: onceArgs(['--inventory', 'hosts.ini', '--cron', '*/10 * * * * *', '--keep=7d', '--out', 'out $HOME', '--print-systemd', '--grace', '5']),
};

describe('schedule --print-systemd / --print-cron', () => {
  before(ensureSystemdAnalyze);

  it('keeps the cycle arguments and drops the scheduler ones', () => {
    assert.deepEqual(run.args, ['schedule', '--once', '--inventory', 'hosts.ini', '--keep=7d', '--out', 'out $HOME']);
  });

  it('writes a service and timer that systemd-analyze verify accepts, and a broken one it refuses', () => {
    const units = systemdUnits(run, '*/10 * * * * *');
    const good = verify(tempDir(), units);
    assert.equal(good.status, 0, good.stderr);
    assert.equal(good.stderr, '');
    assert.match(units[0].text, /^ExecStart=".*node" ".*hostsnap\.js" "schedule" "--once" .* "out \$\$HOME"$/m);
    assert.match(units[0].text, /^WorkingDirectory=\/srv\/hostsnap 100%% "fleet"$/m);
    // The control: the same check fails a timer whose calendar systemd cannot read.
    const broken = verify(tempDir(), [units[0], { name: units[1].name, text: units[1].text.replace(/^OnCalendar=.*$/m, 'OnCalendar=*/10 * * * *') }]);
    assert.notEqual(broken.status, 0);
  });

  for (const expr of ['*/10 * * * * *', '0 */5 * * * *', '30 3 * * 1-5', '0 0 1,15 * *', '15 2 * * sun', '0 9-17 * jan,jul *']) {
    it(`OnCalendar of ${expr} elapses when croner fires`, () => {
      const spec = onCalendar(expr, 'UTC');
      const from = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
      const out = execFileSync('systemd-analyze', ['calendar', '--iterations=5', `--base-time=${from.toISOString().replace('T', ' ').replace('.000Z', ' UTC')}`, spec], { encoding: 'utf8' });
      // "Next elapse: Thu 2026-01-01 00:00:10 UTC" and "Iter. #2: …" lines, in UTC.
      const systemd = [...out.matchAll(/(?:Next elapse|Iter\. #\d+): \w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/g)].map((m) => m[1]);
      const croner = new Cron(expr, { paused: true, timezone: 'UTC' }).nextRuns(5, from).map((d) => d.toISOString().replace('T', ' ').slice(0, 19));
      assert.deepEqual(systemd, croner, out);
    });
  }

  it('refuses what systemd cannot say, and a crontab line below a minute', () => {
    assert.throws(() => onCalendar('0 0 1 * 1'), /both day of month and day of week/);
    assert.throws(() => onCalendar('0 0 L * *'), /no systemd calendar/);
    assert.throws(() => cronLine(run, '*/10 * * * * *'), /once a minute/);
    const line = cronLine({ ...run, args: ['schedule', '--once', '--out', "it's 100%"] }, '0 */5 * * * *', 'Europe/Berlin');
    assert.equal(line.split('\n')[0], 'CRON_TZ=Europe/Berlin');
    assert.match(line, /^\*\/5 \* \* \* \* cd '\/srv\/hostsnap 100\\% "fleet"' && '.*node' '.*hostsnap\.js' 'schedule' '--once' '--out' 'it'\\''s 100\\%'\n$/m);
  });
});
