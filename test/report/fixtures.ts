// Analyses of real inputs for the report tests: the headline incident and a hostile variant of it.
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import type { Analysis } from '../../src/analysis/types.js';
import type { SourceSet, SourceText } from '../../src/archive/types.js';
import { incidentPath, repoPath } from '../helpers/paths.js';

export const INCIDENT = incidentPath;

export function sourceSet(kind: SourceSet['kind'], location: string, texts: Array<[string, string, string]>): SourceSet {
  const sources = new Map<string, SourceText>();
  for (const [id, text, origin] of texts) sources.set(id, { id, text, origin });
  return { kind, location, manifest: null, sources };
}

/** The headline incident through the real pipeline: analyze's own reader of the whole paste. */
export async function incidentInput(): Promise<SourceSet> {
  const set = await readInput(INCIDENT);
  // The paste holds free, vmstat, pidstat and the kernel log: fewer means the reader broke.
  if (set.sources.size < 4) throw new Error(`the incident paste gave ${set.sources.size} sources`);
  return set;
}

export async function incidentAnalysis(): Promise<Analysis> {
  return analyze(await incidentInput());
}

/** Strings a host controls that must come out as text everywhere. */
export const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=1;alert(1)">',
  script: '</script><script>window.__pwned=2;alert(2)</script>',
  mustache: '{{x}}{{{y}}}',
  backticks: '````\n# injected heading\n[link](http://evil.example/)',
  esc: '\u001b[2J\u001b]0;pwned\u0007\u001b[31mred',
  url: 'http://evil.example/x.png',
  /** The same payload without blanks, as a process name in a whitespace-separated table can be. */
  comm: '<img/src=x/onerror=window.__pwned=3>',
  scriptComm: '</script><script>window.__pwned=4</script>',
};

/**
 * The incident's text with host-controlled names replaced by hostile ones: the hostname, the
 * process that triggered the OOM kill and the one killed, and an extra log line carrying markup.
 * (Derived at test time from the real text; a hostile replay host will add the same over SSH.)
 */
export function hostileText(text: string): string {
  return text
    .replaceAll(' web1 ', ` web1${HOSTILE.comm} `)
    .replaceAll('apache2', HOSTILE.comm)
    .replaceAll('rpc.statd', HOSTILE.scriptComm);
}

export async function hostileAnalysis(): Promise<Analysis> {
  const base = await incidentInput();
  const sources = [...base.sources.values()].map((s): [string, string, string] => [s.id, hostileText(s.text), s.origin]);
  const extra = `Sep 10 01:07:32 web1 kernel: ${HOSTILE.script} ${HOSTILE.mustache} ${HOSTILE.esc} ${HOSTILE.url} ${HOSTILE.backticks}\n`;
  const kern = sources.find(([id]) => id === 'kern-log');
  if (kern) kern[1] += extra;
  const set = sourceSet('paste', `${INCIDENT} ${HOSTILE.img}`, sources);
  // What a host can put in a manifest: its name, and a failing command's stderr.
  const attempt = {
    sourceId: 'dmesg', command: `dmesg ${HOSTILE.img}`, exitCode: 1, signal: null, timedOut: false, truncated: false,
    notFound: false, denied: true, startedAt: '2026-11-26T00:00:00.000Z', durationMs: 12, bytes: 0,
    stderr: `dmesg: read kernel buffer failed: ${HOSTILE.script} ${HOSTILE.esc}`,
  };
  set.manifest = {
    schema: 'hostsnap/manifest@1', tool: { name: 'hostsnap', version: '0.1.0' }, target: 'web1', hostname: `web1${HOSTILE.img}`,
    transport: 'ssh', sudo: false, startedAt: '2026-11-26T00:00:00.000Z', endedAt: '2026-11-26T00:00:06.000Z',
    probes: [{ id: 'dmesg', command: attempt.command, via: 'primary', attempts: [attempt], file: null }],
  };
  const analysis = analyze(set);
  // A rule quotes host text in its summary and evidence: give the renderers one that does, with
  // every hostile string in every field a finding has (the rules themselves are tested elsewhere).
  const all = Object.values(HOSTILE).join(' ');
  analysis.document.findings.push({
    id: 'hostile-quote', severity: 'critical', title: `Process ${HOSTILE.img} was killed`,
    summary: `host said: ${all}`,
    evidence: [{ source: `kern-log${HOSTILE.img}`, text: `${all}\n${HOSTILE.backticks}`, highlight: [HOSTILE.img, HOSTILE.esc] }],
    advice: [{ text: `Look at ${HOSTILE.script}`, commands: [`pkill ${HOSTILE.img} ${HOSTILE.esc}`, HOSTILE.backticks], preconditions: HOSTILE.mustache, risk: HOSTILE.url }],
  });
  analysis.document.host.name = `web1${HOSTILE.img}${HOSTILE.esc}`;
  return analysis;
}
