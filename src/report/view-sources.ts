// What was read: raw outputs (capped), the manifest of commands, and what could not be checked.
import { partlyReadReason } from '../analysis/partly-read.js';
import type { Analysis } from '../analysis/types.js';
import type { ManifestProbe } from '../archive/types.js';
import { formatBytes, formatNumber, formatTime } from '../format/numbers.js';
import { capText } from './text-safety.js';
import { oneLine } from '../format/control.js';
import type { CoverageView, ManifestRowView, ManifestView, RawView } from './view-types.js';

/** Each raw output is cut past this many bytes, and all of them together past RAW_TOTAL_BYTES,
 *  so a single-host report stays well under 1 MB whatever the host printed. */
export const RAW_SOURCE_BYTES = 64 * 1024;
export const RAW_TOTAL_BYTES = 600 * 1024;

const bytes = formatBytes;

export function rawViews(analysis: Analysis): { raw: RawView[]; note: string } {
  const sources = [...analysis.input.sources.values()].sort((a, b) => a.id.localeCompare(b.id));
  let budget = RAW_TOTAL_BYTES;
  let cutCount = 0;
  const raw = sources.map((s): RawView => {
    const capped = capText(s.text, Math.min(RAW_SOURCE_BYTES, budget));
    budget -= capped.keptBytes;
    if (capped.cut) cutCount++;
    const where = s.probe?.file ?? s.origin;
    return {
      id: oneLine(s.id),
      origin: oneLine(s.origin),
      size: bytes(capped.totalBytes),
      text: capped.text,
      shown: capped.keptBytes > 0 || capped.totalBytes === 0,
      cutNote: capped.cut
        ? `Cut: the first ${bytes(capped.keptBytes)} of ${bytes(capped.totalBytes)} are shown${capped.keptBytes === 0 ? ' (the report\'s budget for raw text was spent)' : ''}; the whole output is ${oneLine(where)}.`
        : '',
    };
  });
  const note = cutCount
    ? `${cutCount} of ${raw.length} outputs are cut (each at ${bytes(RAW_SOURCE_BYTES)}, ${bytes(RAW_TOTAL_BYTES)} in all); the archive keeps them whole.`
    : `${raw.length} outputs, shown whole.`;
  return { raw, note };
}

function statusOf(p: ManifestProbe): { status: string; cls: string } {
  const last = p.attempts[p.attempts.length - 1];
  if (!last) return { status: 'not run', cls: 'bad' };
  const words: string[] = [];
  if (last.notFound) words.push('tool missing');
  if (last.denied) words.push('denied');
  if (last.timedOut) words.push('timed out');
  if (last.signal) words.push(`killed by ${last.signal}`);
  if (last.truncated) words.push('output cut');
  if (!words.length && last.exitCode !== 0) words.push(`failed (exit ${last.exitCode ?? '–'})`);
  if (p.via !== 'primary' && p.attempts.length > 1) words.push(`via ${p.via}`);
  const bad = last.notFound || last.denied || last.timedOut || last.exitCode !== 0;
  return { status: words.length ? words.join(', ') : 'ok', cls: bad ? 'bad' : last.truncated ? 'warn' : 'ok' };
}

export function manifestView(analysis: Analysis): ManifestView | null {
  const m = analysis.input.manifest;
  if (!m) return null;
  const rows = m.probes.map((p): ManifestRowView => {
    const last = p.attempts[p.attempts.length - 1];
    const { status, cls } = statusOf(p);
    return {
      id: oneLine(p.id),
      command: oneLine(p.command),
      via: oneLine(p.via),
      exit: last ? (last.signal ? oneLine(last.signal) : String(last.exitCode ?? '–')) : '–',
      duration: last ? `${formatNumber(last.durationMs, 0)} ms` : '–',
      bytes: last ? formatNumber(last.bytes, 0) : '–',
      status,
      statusClass: cls,
      stderr: last ? capText(last.stderr, 600).text.trim() : '',
    };
  });
  return {
    target: oneLine(m.target),
    hostname: oneLine(m.hostname ?? '–'),
    transport: m.transport,
    sudo: m.sudo ? 'yes' : 'no',
    started: oneLine(formatTime(m.startedAt)),
    ended: oneLine(formatTime(m.endedAt)),
    tool: oneLine(`${m.tool.name} ${m.tool.version}`),
    rows,
    problems: rows.filter((r) => r.statusClass !== 'ok').length,
  };
}

export function missingViews(analysis: Analysis): CoverageView[] {
  const f = analysis.facts;
  // Sources simply absent from the input share one row: a kern.log alone lacks twenty of them.
  const absent = f.missing.filter((m) => m.status === 'absent');
  const reasons = [...new Set(absent.map((m) => oneLine(m.reason)))];
  return [
    ...(absent.length ? [{ what: absent.map((m) => oneLine(m.source)).join(', '), missing: 'absent', reason: reasons.join('; ') }] : []),
    ...f.missing.filter((m) => m.status !== 'absent').map((m) => ({ what: oneLine(m.source), missing: m.status, reason: oneLine(m.reason) })),
    // facts.missing lists unparsed sources too: keep its row, add the parser's own word once.
    ...f.unparsed.filter((u) => !f.missing.some((m) => m.source === u.source)).map((u) => ({ what: oneLine(u.source), missing: `not understood by ${u.parser}`, reason: oneLine(u.reason) })),
    // Read, but not all of it: the figures that did not parse are said with their reason.
    ...analysis.document.partlyRead.map((p) => ({ what: oneLine(p.source), missing: 'partly read', reason: oneLine(partlyReadReason(p)) })),
  ];
}

export function coverageViews(analysis: Analysis): CoverageView[] {
  return analysis.document.coverage.map((g) => ({
    what: oneLine(`${g.title} (${g.rule})`),
    missing: oneLine(g.missing.join(', ')),
    reason: oneLine(g.reason),
  }));
}
