// --print-systemd and --print-cron: a system scheduler runs `schedule --once` with the same arguments.
import { UsageError } from '../errors.js';
import { onCalendar } from './calendar.js';

/** Options that belong to the long-running scheduler, not to one `--once` cycle. */
const DROP_VALUE = new Set(['--cron', '--timezone', '--grace']);
const DROP_FLAG = new Set(['--once', '--print-systemd', '--print-cron']);

/** The command's own arguments (after `schedule`) for one cycle: the scheduling options removed. */
export function onceArgs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].split('=')[0];
    if (DROP_FLAG.has(name)) continue;
    if (DROP_VALUE.has(name)) {
      if (!argv[i].includes('=')) i++;
      continue;
    }
    out.push(argv[i]);
  }
  return ['schedule', '--once', ...out];
}

export interface Invocation {
  /** Absolute: node, and hostsnap's bin script. */
  node: string;
  script: string;
  cwd: string;
  args: string[];
}

/** systemd's ExecStart= quoting: double quotes, with \, " escaped; % and $ doubled (specifiers, variables). */
function systemdWord(word: string): string {
  return `"${word.replace(/[\\"]/g, (c) => `\\${c}`).replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;
}

/** POSIX sh single quotes; crontab treats an unescaped % as a newline, so it is escaped too. */
function cronWord(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`.replace(/%/g, '\\%');
}

export function systemdUnits(run: Invocation, cron: string, timezone?: string): Array<{ name: string; text: string }> {
  if (/[\n\r]/.test(run.cwd)) throw new UsageError('working directory has a newline', { expected: 'a path on one line', found: JSON.stringify(run.cwd) });
  const exec = [run.node, run.script, ...run.args].map(systemdWord).join(' ');
  return [
    { name: 'hostsnap-schedule.service', text: [
      '[Unit]', 'Description=hostsnap: one scheduled collection of the fleet', 'After=network-online.target', 'Wants=network-online.target', '',
      '[Service]', 'Type=oneshot', `WorkingDirectory=${run.cwd.replace(/%/g, '%%')}`, `ExecStart=${exec}`,
      // Exit 3 is "some hosts could not be collected": the others were, the unit did its job.
      'SuccessExitStatus=3', '',
    ].join('\n') },
    { name: 'hostsnap-schedule.timer', text: [
      '[Unit]', 'Description=hostsnap: scheduled collection of the fleet', '',
      // A timer never starts its service while the previous start is still running: no overlap.
      '[Timer]', `OnCalendar=${onCalendar(cron, timezone)}`, 'AccuracySec=1s', 'Persistent=false', '',
      '[Install]', 'WantedBy=timers.target', '',
    ].join('\n') },
  ];
}

export function cronLine(run: Invocation, cron: string, timezone?: string): string {
  const parts = cron.trim().split(/\s+/);
  if (parts.length === 6 && parts[0] !== '0') {
    throw new UsageError(`--cron ${cron}: cron cannot run more often than once a minute`, { expected: 'a seconds field of 0, or --print-systemd', found: parts[0] });
  }
  const fields = parts.length === 6 ? parts.slice(1) : parts;
  const command = `cd ${cronWord(run.cwd)} && ${[run.node, run.script, ...run.args].map(cronWord).join(' ')}`;
  return `${timezone ? `CRON_TZ=${timezone}\n` : ''}${fields.join(' ')} ${command}\n`;
}
