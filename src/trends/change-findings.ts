// Trend findings between the two newest snapshots: OOM events that are new, settings that changed.
import type { Finding } from '../analysis/types.js';
import type { Point } from './point.js';

/** At most this many changes are quoted as evidence (a sysctl.d rewrite can change dozens). */
const QUOTED = 20;

export function newOomFindings(points: Point[]): Finding[] {
  if (points.length < 2) return [];
  const [previous, last] = points.slice(-2);
  // The kernel log is a ring: an event gone from it is not "resolved", so only additions count.
  const before = new Set(previous.oomKeys);
  const fresh = last.oomKeys.filter((k) => !before.has(k));
  if (fresh.length === 0) return [];
  return [{
    id: 'trend-new-oom-events',
    severity: 'warning',
    title: 'OOM events new since the previous snapshot',
    summary: `${fresh.length} OOM event${fresh.length === 1 ? '' : 's'} appeared in the kernel log between ${previous.at} and ${last.at}.`,
    evidence: fresh.slice(0, QUOTED).map((text) => ({ source: 'history', text: `time, trigger, pid, killed pids: ${text}` })),
    advice: [{ text: `The snapshot ${last.baseName} has the full analysis of these events.`, commands: [] }],
  }];
}

export function changedSettingFindings(points: Point[]): Finding[] {
  if (points.length < 2) return [];
  const [previous, last] = points.slice(-2);
  const keys = [...new Set([...Object.keys(previous.settings), ...Object.keys(last.settings)])].sort();
  // A setting present in only one of the two is a probe that failed once, not a change.
  const changed = keys.filter((k) => k in previous.settings && k in last.settings && previous.settings[k] !== last.settings[k]);
  if (changed.length === 0) return [];
  return [{
    id: 'trend-setting-changed',
    severity: 'info',
    title: 'Kernel settings changed between snapshots',
    summary: `${changed.length} setting${changed.length === 1 ? '' : 's'} changed between ${previous.at} and ${last.at}: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? '…' : ''}.`,
    evidence: changed.slice(0, QUOTED).map((k) => ({ source: 'sysctl', text: `${k}: ${previous.settings[k]} -> ${last.settings[k]}` })),
    advice: [{ text: 'Check that the change was meant, and that it is persisted in /etc/sysctl.d/ if it was (a reboot undoes a sysctl -w).', commands: ['grep -r . /etc/sysctl.d/ /etc/sysctl.conf'] }],
  }];
}
