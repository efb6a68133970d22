// The fleet index as a page (templates/fleet.hbs) and as Markdown: host strings arrive finished, escaped by the output.
import { oneLine } from '../format/control.js';
import { mdCode, mdText } from '../report/markdown.js';
import { template } from '../report/templates.js';
import type { FleetDocument, FleetHost } from './document.js';
import type { SettingOutlier } from './outliers.js';

/** Page and Markdown show this many characters of a host string (names, kernels, inputs). */
const FIELD_CHARS = 200;

function field(text: string | null): string {
  const line = oneLine(text ?? '–');
  return line.length > FIELD_CHARS ? `${line.slice(0, FIELD_CHARS)}…` : line;
}

interface HostRow {
  name: string;
  input: string;
  kind: string;
  kernel: string;
  sos: string;
  critical: number;
  warning: number;
  info: number;
  rowClass: string;
  findings: string;
  outliers: string;
  reports: Array<{ format: string; href: string }>;
  history: string;
  /** '' when whole; else `connection lost after 4 s; missing: kern-log, vmstat`. */
  partial: string;
}

function linksOf(reports: Record<string, string>): Array<{ format: string; href: string }> {
  return Object.entries(reports).map(([format, href]) => ({ format: field(format), href: field(href) }));
}

function rowOf(host: FleetHost): HostRow {
  return {
    name: field(host.name),
    input: field(host.input),
    kind: field(host.kind),
    kernel: field([host.kernel, host.arch].filter(Boolean).join(' ') || null),
    sos: host.sosVersion === null ? '' : field(`sos ${host.sosVersion}`),
    ...host.counts,
    rowClass: host.counts.critical ? 'crit' : host.counts.warning ? 'warn' : 'ok',
    findings: field(host.findings.join(', ') || 'none'),
    outliers: field(host.outliers.join(', ')),
    reports: linksOf(host.reports),
    history: host.history === undefined ? '' : field(host.history),
    partial: host.partial === undefined ? '' : field(`${host.partial.reason}; missing: ${host.partial.missing.join(', ')}`),
  };
}

interface OutlierRow {
  host: string;
  input: string;
  group: string;
  setting: string;
  value: string;
  usual: string;
  /** "16 of 17": hosts of the group with the usual value, of those that report the setting. */
  share: string;
}

function outlierRowOf(o: SettingOutlier): OutlierRow {
  return {
    host: field(o.name ?? o.input), input: field(o.input), group: field(o.group), setting: field(o.setting),
    value: field(o.value), usual: field(o.usual), share: `${o.usualCount} of ${o.compared}`,
  };
}

export function fleetView(doc: FleetDocument): Record<string, unknown> {
  const hosts = doc.hosts.map(rowOf);
  return {
    settingOutliers: doc.settingOutliers.map(outlierRowOf),
    title: `hostsnap fleet: ${doc.hosts.length} host${doc.hosts.length === 1 ? '' : 's'}`,
    generatedAt: doc.generatedAt,
    hosts,
    outlierCount: hosts.filter((h) => h.outliers !== '').length,
    failed: doc.failed.map((f) => ({ input: field(f.input), error: field(f.error), reports: linksOf(f.reports ?? {}) })),
  };
}

/** One self-contained page: no script, no fetch, links only to the reports beside it. */
export function renderFleetHtml(doc: FleetDocument): string {
  return template('fleet')(fleetView(doc));
}

export function renderFleetMarkdown(doc: FleetDocument): string {
  const lines = [`# hostsnap fleet: ${doc.hosts.length} hosts, worst first\n`, `Generated ${mdText(doc.generatedAt)}.\n`];
  lines.push('| host | critical | warning | info | findings | unusual findings | input | reports |', '| --- | ---: | ---: | ---: | --- | --- | --- | --- |');
  for (const host of doc.hosts) {
    const row = rowOf(host);
    // Report names are hostsnap's own (safeHostPart): code spans, where a pipe cannot occur.
    const reports = [...row.reports.map((r) => mdCode(r.href)), ...(row.history ? [mdCode(row.history)] : [])].join(' ');
    const name = row.partial ? `${mdText(row.name)} (**partial**: ${mdText(row.partial)})` : mdText(row.name);
    lines.push(`| ${name} | ${row.critical} | ${row.warning} | ${row.info} | ${mdText(row.findings)} | ${mdText(row.outliers || '–')} | ${mdText(row.input)}${row.sos ? ` (${mdText(row.sos)})` : ''} | ${reports || '–'} |`);
  }
  lines.push('', '## Setting outliers\n');
  if (doc.settingOutliers.length === 0) lines.push('No host\'s kernel, arch, swap or vm.* setting differs from the majority of its group.');
  else {
    lines.push('| host | group | setting | value | usual in the group |', '| --- | --- | --- | --- | --- |');
    for (const o of doc.settingOutliers.map(outlierRowOf)) {
      lines.push(`| ${mdText(o.host)} | ${mdText(o.group)} | ${mdText(o.setting)} | ${mdText(o.value)} | ${mdText(o.usual)} (${o.share}) |`);
    }
  }
  if (doc.failed.length) {
    lines.push('', '## Not analysed, or only in part\n');
    for (const f of doc.failed) {
      const written = linksOf(f.reports ?? {}).map((r) => mdCode(r.href)).join(' ');
      lines.push(`- ${mdText(field(f.input))}: ${mdText(field(f.error))}${written ? ` (written in part: ${written})` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
