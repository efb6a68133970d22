// What leaves the machine: the Markdown summary as text, the other written files as attachments, and what did not fit, said.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { oneLine } from '../format/control.js';
import { formatBytes } from '../format/numbers.js';
import { COLLECTION_PARTIAL_ID } from '../analysis/partial-notice.js';

export interface Attachment { name: string; path: string; bytes: number; contentType: string }
export interface Bundle {
  /** Names the host and the worst finding, for a new ticket or a mail. */
  subject: string;
  /** The Markdown summary, then a line per file not attached. */
  text: string;
  attachments: Attachment[];
  dropped: { name: string; bytes: number; limit: number }[];
}

/** One file's limit, and why it differs from the system's when it does (RT: binary files). */
export interface FileLimit { bytes: number; why?: string }

/**
 * A system's size limit: `bytes` per file (RT, Redmine) or per message (`perMessage`: mail);
 * `forFile` when the system treats some contents differently.
 */
export interface SizeLimit { bytes: number; perMessage?: boolean; forFile?: (path: string) => Promise<FileLimit> }

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html', '.md': 'text/markdown', '.json': 'application/json', '.txt': 'text/plain', '.gz': 'application/gzip',
};
// The summary first, the report next, the archive last: when something must be left out, it is the biggest.
const ORDER = ['.md', '.html', '.json', '.txt', '.gz'];

/** Host and worst finding from the JSON analysis beside the files (name.json), when there is one. */
async function subjectOf(files: string[]): Promise<string> {
  const json = files.find((f) => f.endsWith('.json')) ?? files.map((f) => f.replace(/\.(md|html|tar\.gz|txt)$/, '.json')).find((f) => f.endsWith('.json'));
  try {
    const doc = JSON.parse(await readFile(json!, 'utf8')) as { host?: { name?: string }; findings?: { id?: string; severity: string; title: string }[]; hosts?: unknown[]; failed?: unknown[] };
    // A fleet index (hostsnap/fleet@1) rather than one host's analysis.
    if (Array.isArray(doc.hosts)) return clip(`hostsnap: fleet of ${doc.hosts.length} host(s), ${doc.failed?.length ?? 0} failed`);
    const rank = { critical: 0, warning: 1, info: 2 } as Record<string, number>;
    // A partial collection is said in the subject itself; the worst finding is then another one.
    const partial = (doc.findings ?? []).some((f) => f.id === COLLECTION_PARTIAL_ID);
    const worst = [...(doc.findings ?? [])].filter((f) => f.id !== COLLECTION_PARTIAL_ID).sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3))[0];
    const host = `${doc.host?.name ?? 'unknown host'}${partial ? ' (partial collection)' : ''}`;
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

/** A file that would pass the limit is left out, and the text says so. */
export async function buildBundle(files: string[], limit: SizeLimit): Promise<Bundle> {
  const sorted = [...files].sort((a, b) => ORDER.indexOf(extname(a)) - ORDER.indexOf(extname(b)));
  const summary = sorted.find((f) => f.endsWith('.md'));
  let text = summary ? await readFile(summary, 'utf8') : '';
  const attachments: Attachment[] = [];
  const dropped: Bundle['dropped'] = [];
  const lines: string[] = [];
  let used = 0;
  for (const path of sorted) {
    if (path === summary) continue;
    const { size } = await stat(path);
    const name = basename(path);
    const own = (await limit.forFile?.(path)) ?? { bytes: limit.bytes };
    if ((limit.perMessage ? used : 0) + size > own.bytes) {
      dropped.push({ name, bytes: size, limit: own.bytes });
      const why = own.why ? ` (${own.why})` : '';
      lines.push(`- ${name} (${formatBytes(size)}): over this system's limit of ${formatBytes(own.bytes)}${limit.perMessage ? ' per message' : ''}${why}; kept where hostsnap wrote it`);
      continue;
    }
    used += size;
    attachments.push({ name, path, bytes: size, contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
  }
  if (lines.length > 0) text = `${text.trimEnd()}\n\n**Not attached:**\n${lines.join('\n')}\n`;
  if (text === '') text = `hostsnap attached ${attachments.map((a) => a.name).join(', ') || 'nothing'}.\n`;
  return { subject: await subjectOf(sorted), text, attachments, dropped };
}
