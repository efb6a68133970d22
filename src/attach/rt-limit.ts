// Request Tracker's $MaxAttachmentSize as RT 5 applies it to each part it stores (lib/RT/Record.pm, _EncodeLOB).
import { readFile } from 'node:fs/promises';
import type { FileLimit } from './bundle.js';

/**
 * RT 5.0 stores a part over $MaxAttachmentSize whole, unless $TruncateLongAttachments is set
 * (the part is cut, with only an "AttachmentTruncate" line in the ticket history) or
 * $DropLongAttachments (it becomes NAME.txt saying "Large attachment dropped"). REST2 does not
 * expose RT's configuration, so hostsnap is told the limit (rt.maxAttachmentBytes) and sends
 * nothing over it. On PostgreSQL, SQLite and Oracle (DBIx::SearchBuilder's BinarySafeBLOBs is
 * false) a part holding a NUL byte is base64-encoded and must fit 3/4 of the limit (RT's own
 * "encoding overhead" cut); hostsnap cannot tell RT's database, so every such file (a .tar.gz
 * always) gets the 3/4.
 */
export function rtFileLimit(maxAttachmentBytes: number): (path: string) => Promise<FileLimit> {
  return async (path) => {
    const binary = (await readFile(path)).includes(0);
    return binary
      ? { bytes: Math.floor((maxAttachmentBytes * 3) / 4), why: 'RT keeps 3/4 of $MaxAttachmentSize for a binary file on PostgreSQL, SQLite and Oracle' }
      : { bytes: maxAttachmentBytes };
  };
}

/**
 * The comment's text is a part RT stores the same way: a summary over the limit (a fleet's index
 * can be) is cut at a line end, and the cut is said at its end, never left to RT.
 */
export function fitRtText(text: string, maxAttachmentBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxAttachmentBytes) return text;
  const note = `\n\n**Summary cut** here to fit Request Tracker's $MaxAttachmentSize (${maxAttachmentBytes} bytes); the whole summary is the .md file hostsnap wrote.\n`;
  const room = Math.max(0, maxAttachmentBytes - Buffer.byteLength(note, 'utf8'));
  // Cut on bytes, then back to a whole character and a whole line.
  const head = Buffer.from(text, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD*$/, '');
  const line = head.lastIndexOf('\n');
  return `${line > 0 ? head.slice(0, line) : head}${note}`;
}
