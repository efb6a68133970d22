// The report's view model: finished, display-ready strings and chart shapes the templates lay out.
import type { SvgChart } from './charts.js';
import type { Segment } from './text-safety.js';

export type Level = 'critical' | 'warning' | 'info' | 'ok';

export interface HostView {
  name: string;
  kernel: string;
  arch: string;
  /** "32-bit" / "64-bit" / "" */
  bitsLabel: string;
  is32: boolean;
  os: string;
  cpus: string;
  uptime: string;
}

export interface AdviceView {
  text: string;
  commands: string[];
  hasCommands: boolean;
  preconditions: string;
  risk: string;
}

export interface EvidenceView {
  source: string;
  segments: Segment[];
  /** The plain line, for md and text. */
  text: string;
  highlights: string[];
}

export interface FindingView {
  id: string;
  anchor: string;
  severity: Level;
  severityLabel: string;
  title: string;
  summary: string;
  evidence: EvidenceView[];
  advice: AdviceView[];
  /** The first thing to do: the first advice command, or its text when it has none. */
  firstStep: string;
  firstStepIsCommand: boolean;
  /** In the verdict: how many more findings of the same rule it stands for ("" when none). */
  similar: string;
}

export interface VerdictView {
  level: Level;
  headline: string;
  /** Critical and warning findings, worst first. */
  items: FindingView[];
  noProblem: boolean;
  infoCount: number;
  checked: string;
  notChecked: string[];
}

/** A table cell; `wide` cells (command lines) wrap, the others stay on one line. */
export interface Cell { text: string; num: boolean; wide: boolean; barPct: number | null }
export interface TableView {
  title: string;
  columns: Array<{ label: string; num: boolean }>;
  rows: Array<{ cells: Cell[] }>;
  note: string;
}

export interface OomView {
  anchor: string;
  time: string;
  kindLabel: string;
  trigger: string;
  gfp: string;
  order: string;
  constraint: string;
  cause: string;
  causeKey: string;
  killed: string[];
  hasKilled: boolean;
  panic: boolean;
  swap: string;
  callTrace: string;
  zones: SvgChart | null;
  /** Why analysis chose this cause (lines and figures), when it said. */
  why: Array<{ text: string; segments: Segment[] }>;
  headerMissing: boolean;
  lines: string;
  linesNote: string;
}

export interface RawView {
  id: string;
  origin: string;
  size: string;
  text: string;
  cutNote: string;
  shown: boolean;
}

export interface ManifestRowView {
  id: string;
  command: string;
  via: string;
  exit: string;
  duration: string;
  bytes: string;
  status: string;
  statusClass: string;
  stderr: string;
}

export interface ManifestView {
  target: string;
  hostname: string;
  transport: string;
  sudo: string;
  started: string;
  ended: string;
  tool: string;
  rows: ManifestRowView[];
  problems: number;
}

export interface CoverageView { what: string; missing: string; reason: string }

export interface ReportView {
  title: string;
  host: HostView;
  collectedAt: string;
  input: { kind: string; location: string; sources: string };
  verdict: VerdictView;
  findings: FindingView[];
  hasFindings: boolean;
  /** What the findings section leaves out (a rule that fired hundreds of times), "" when nothing. */
  findingsNote: string;
  memory: { charts: SvgChart[]; note: string; zones: SvgChart | null; zonesNote: string };
  hasMemory: boolean;
  oomEvents: OomView[];
  hasOom: boolean;
  /** What the timeline leaves out, "" when every event is there. */
  oomNote: string;
  vmstat: { charts: SvgChart[]; note: string };
  hasVmstat: boolean;
  tables: TableView[];
  raw: RawView[];
  rawNote: string;
  manifest: ManifestView | null;
  sosreport: import('./view-sos.js').SosView | null;
  missing: CoverageView[];
  coverage: CoverageView[];
  hasCoverage: boolean;
  generated: string;
}
