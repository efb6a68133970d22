// A kernel log file (kern.log, messages, dmesg output, journalctl -k) read as one source.
import { FENCE } from '../parsers/kernlog/markup.js';
import { DMESG_LINE, SYSLOG_LINE } from './paste-shapes.js';
import type { SourceSet } from './types.js';

/** Share of non-blank lines that must be log lines for a file to be "a log", not a paste. */
const LOG_SHARE = 0.9;

export interface LogShape {
  /** dmesg when its "[ seconds ]" stamps dominate, else kern-log (syslog / journal lines). */
  source: 'dmesg' | 'kern-log';
  share: number;
}

export function logShape(text: string): LogShape {
  let dmesg = 0;
  let syslog = 0;
  let total = 0;
  for (const line of text.split('\n')) {
    // A Markdown fence around a pasted log is the writer's, not a line of the log.
    if (line.trim() === '' || FENCE.test(line.trim())) continue;
    total++;
    if (DMESG_LINE.test(line)) dmesg++;
    else if (SYSLOG_LINE.test(line)) syslog++;
  }
  return { source: dmesg > syslog ? 'dmesg' : 'kern-log', share: total === 0 ? 0 : (dmesg + syslog) / total };
}

/** A pure kernel log: nearly every line stamped by dmesg or syslog. */
export function isKernelLog(text: string): boolean {
  return logShape(text).share >= LOG_SHARE;
}

/** A kernel-log file as a SourceSet of one source (dmesg or kern-log, by its stamps). */
export function readLogFile(text: string, location: string): SourceSet {
  const { source } = logShape(text);
  return {
    kind: 'log',
    location,
    manifest: null,
    sources: new Map([[source, { id: source, text, origin: location }]]),
  };
}
