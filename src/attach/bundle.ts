// What leaves the machine: the Markdown summary as text, the other written files as attachments, and what did not fit, said.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { oneLine } from '../format/control.js';
import { formatBytes } from '../format/numbers.js';

export interface Attachment { name: string; path: string; bytes: number; contentType: string }
export interface Bundle {
  /** Names the host and the worst finding, for a new ticket or a mail. */
  subject: string;
  /** The Markdown summary, then a line per file not attached. */
  text: string;
  attachments: Attachment[];
  dropped: { name: string; bytes: number }[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html', '.md': 'text/markdown', '.json': 'application/json', '.txt': 'text/plain', '.gz': 'application/gzip',
};
// The summary first, the report next, the archive last: when something must be left out, it is the biggest.
const ORDER = ['.md', '.html', '.json', '.txt', '.gz'];

/** Host and worst finding from the JSON analysis beside the files (name.json), when there is one. */
async function subjectOf(files: string[]): Promise<string> {
  const json = files.find((f) => f.endsWith('.json')) ?? files.map((f) => f.replace(/\.(md|html|tar\.gz|txt)$/, '.json')).find((f) => f.endsWith('.json'));
  try {
    const doc = JSON.parse(await readFile(json!, 'utf8')) as { host?: { name?: string }; findings?: { severity: string; title: string }[]; hosts?: unknown[]; failed?: unknown[] };
    // A fleet index (hostsnap/fleet@1) rather than one host's analysis.
    if (Array.isArray(doc.hosts)) return clip(`hostsnap: fleet of ${doc.hosts.length} host(s), ${doc.failed?.length ?? 0} failed`);
    const rank = { critical: 0, warning: 1, info: 2 } as Record<string, number>;
    const worst = [...(doc.findings ?? [])].sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3))[0];
    const host = doc.host?.name ?? 'unknown host';
    return clip(`hostsnap: ${host}: ${worst ? `${worst.severity}: ${worst.title}` : 'no findings'}`);
  } catch {
    return clip(`hostsnap: ${basename(files[0]).replace(/\.(md|html|json|txt|tar\.gz)$/, '')}`);
  }
}

// Subjects carry host text: one line, no controls, short enough for every system's subject field.
function clip(subject: string): string {
  const line = oneLine(subject);
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * `limit` is the system's per-file limit, or its per-message one when `total` (mail): a file
 * that would pass it is left out, and the text says so.
 */
export async function buildBundle(files: string[], limit: number, total = false): Promise<Bundle> {
  const sorted = [...files].sort((a, b) => ORDER.indexOf(extname(a)) - ORDER.indexOf(extname(b)));
  const summary = sorted.find((f) => f.endsWith('.md'));
  let text = summary ? await readFile(summary, 'utf8') : '';
  const attachments: Attachment[] = [];
  const dropped: Bundle['dropped'] = [];
  let used = 0;
  for (const path of sorted) {
    if (path === summary) continue;
    const { size } = await stat(path);
    const name = basename(path);
    if ((total ? used : 0) + size > limit) {
      dropped.push({ name, bytes: size });
      continue;
    }
    used += size;
    attachments.push({ name, path, bytes: size, contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
  }
  if (dropped.length > 0) {
    const lines = dropped.map((d) => `- ${d.name} (${formatBytes(d.bytes)}): over this system's limit of ${formatBytes(limit)}${total ? ' per message' : ''}; kept where hostsnap wrote it`);
    text = `${text.trimEnd()}\n\n**Not attached:**\n${lines.join('\n')}\n`;
  }
  if (text === '') text = `hostsnap attached ${attachments.map((a) => a.name).join(', ') || 'nothing'}.\n`;
  return { subject: await subjectOf(sorted), text, attachments, dropped };
}
