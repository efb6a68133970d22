// Compares a snapshot taken through some login with the same host's snapshot taken plainly as
// root at the same moment: what must be equal, and what may legitimately differ.
import type { AnalysisDocument } from '../../src/analysis/types.js';
import { KERNEL_LOG_SOURCES } from '../../src/facts/sources.js';

/**
 * What two snapshots of one host a few seconds apart legitimately disagree on, measured here (6
 * root snapshots 3 s apart on this shared 2-core machine, documents diffed path by path): only
 * `collectedAt` and the findings' summary, evidence text and highlights (live figures: the RSS of
 * the largest processes, a cgroup's current slab). Finding ids, severities and message ids, the
 * sources read, coverage, checked rules, host and OOM events were equal in all 5
 * pairs. These rules decide on rates over the few-second sampling window (vmstat/pidstat I/O wait,
 * PSI averages, processes caught in D state), so another test's load can tip them either way: only
 * that both snapshots checked them is compared. The OOM events agree unless the kernel log grew
 * between the two reads (other tests make OOM kills on this machine): handled below.
 */
export const SAMPLED_RULES = ['io-wait-writeback', 'psi-memory-pressure', 'processes-d-state'];

/** `rule: id/severity…` of the findings, one string per rule, for a readable difference. */
function findingsByRule(doc: AnalysisDocument): Map<string, string> {
  const byRule = new Map<string, string[]>();
  for (const f of doc.findings) byRule.set(f.id, [...(byRule.get(f.id) ?? []), `${f.severity}:${f.messageId ?? ''}`]);
  return new Map([...byRule].map(([rule, list]) => [rule, list.sort().join(' ')]));
}

/** Same OOM events (time and victim pids) in both: the kernel log did not grow between the reads. */
function sameOomEvents(a: AnalysisDocument, b: AnalysisDocument): boolean {
  const key = (doc: AnalysisDocument) => JSON.stringify(doc.oomEvents.map((e) => [e.time, e.trigger?.pid, e.killed.map((k) => k.pid)]));
  return key(a) === key(b);
}

/** What is compared of a snapshot: its analysis, and the sources its parsers understood (sorted). */
export interface Compared {
  doc: AnalysisDocument;
  understood: string[];
}

/**
 * The differences between `login` and `root` that are not allowed, as sentences (empty: equal).
 * `unreadable`: the sources this login cannot read; they must be absent from `login`, and every
 * rule the login could not run must name only them as missing. When the kernel log is unreadable
 * or grew between the two reads (other tests make OOM kills on this machine), findings drawn
 * from OOM events may differ; everything else may not.
 */
export function loginDifferences(loginSnap: Compared, rootSnap: Compared, unreadable: readonly string[]): string[] {
  const [login, root] = [loginSnap.doc, rootSnap.doc];
  const problems: string[] = [];
  if (JSON.stringify(login.host) !== JSON.stringify(root.host)) problems.push(`host ${JSON.stringify(login.host)} != ${JSON.stringify(root.host)}`);

  const expected = root.input.sources.filter((s) => !unreadable.includes(s));
  if (JSON.stringify(login.input.sources) !== JSON.stringify(expected)) {
    problems.push(`sources read: [${login.input.sources}], expected [${expected}] (root read [${root.input.sources}])`);
  }
  // A source read but not understood (a parser refusing a translated header) changes no finding
  // when another source holds the same figures: compare what the parsers understood too.
  const understood = rootSnap.understood.filter((s) => !unreadable.includes(s));
  if (JSON.stringify(loginSnap.understood) !== JSON.stringify(understood)) {
    problems.push(`sources understood: [${loginSnap.understood}], expected [${understood}]`);
  }

  const rootGaps = new Set(root.coverage.map((g) => g.rule));
  const loginGaps = new Set(login.coverage.map((g) => g.rule));
  for (const rule of rootGaps) if (!loginGaps.has(rule)) problems.push(`rule ${rule}: not run as root but run by the login`);
  for (const gap of login.coverage.filter((g) => !rootGaps.has(g.rule))) {
    const other = gap.missing.filter((s) => !unreadable.includes(s));
    if (other.length > 0 || gap.missing.length === 0) problems.push(`rule ${gap.rule} not run: missing [${gap.missing}] (${gap.reason})`);
  }
  const ruleNames = (doc: AnalysisDocument) => [...doc.checked.map((c) => c.rule), ...doc.coverage.map((g) => g.rule)].sort().join(' ');
  if (ruleNames(login) !== ruleNames(root)) problems.push(`rules: ${ruleNames(login)} != ${ruleNames(root)}`);

  const oomMayDiffer = KERNEL_LOG_SOURCES.some((s) => unreadable.includes(s)) || !sameOomEvents(login, root);
  const oomRules = new Set([...login.findings, ...root.findings].filter((f) => f.evidence.some((e) => /^(dmesg|kern-log|kern\.log|kernel log)$/.test(e.source))).map((f) => f.id));
  const mine = findingsByRule(login);
  const theirs = findingsByRule(root);
  for (const rule of new Set([...mine.keys(), ...theirs.keys()])) {
    if (SAMPLED_RULES.includes(rule) || loginGaps.has(rule)) continue;
    if (oomMayDiffer && oomRules.has(rule)) continue;
    if (mine.get(rule) !== theirs.get(rule)) problems.push(`rule ${rule}: login found [${mine.get(rule) ?? ''}], root [${theirs.get(rule) ?? ''}]`);
  }
  return problems;
}
