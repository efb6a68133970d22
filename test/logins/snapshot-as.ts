// One snapshot of a test host through a given login (user, --sudo), read back from its archive.
import { readArchive } from '../../src/archive/read.js';
import type { Manifest, ManifestProbe } from '../../src/archive/types.js';
import type { AnalysisDocument } from '../../src/analysis/types.js';
import { snapshotHost } from '../../src/pipeline/snapshot.js';
import type { SshdHost } from '../helpers/sshd.js';

export interface LoginSnapshot {
  doc: AnalysisDocument;
  /** The sources its parsers understood, sorted (facts.bySource). */
  understood: string[];
  manifest: Manifest;
  probe(id: string): ManifestProbe;
  /** The raw texts kept, by source id. */
  texts: Map<string, string>;
  /** Every probe's outcome in one line each, for assertion messages. */
  outline(): string;
}

export async function snapshotAs(host: SshdHost, user: string, outDir: string, sudo = false): Promise<LoginSnapshot> {
  const result = await snapshotHost(`${user}@${host.address}:${host.port}`, { outDir, formats: ['json'], sudo, ssh: host.sshOptions() });
  const set = await readArchive(result.archive);
  const manifest = set.manifest!;
  const texts = new Map([...set.sources].map(([id, source]) => [id, source.text]));
  const probe = (id: string) => manifest.probes.find((p) => p.id === id)!;
  const outline = () => manifest.probes.map((p) => {
    const a = p.attempts.at(-1)!;
    return `${p.id} via ${p.via}: exit ${a.exitCode} denied=${a.denied} file=${p.file} ${JSON.stringify(a.stderr.slice(0, 120))}`;
  }).join('\n');
  return { doc: result.analysis.document, understood: [...result.analysis.facts.bySource.keys()].sort(), manifest, probe, texts, outline };
}
