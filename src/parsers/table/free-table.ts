// free's table in any language: the header and the labelled rows, by their English names.
import { fieldsOf } from '../lines/text.js';
import { labelAtStart, msgidOfLine, printedForms } from './locale.js';
import { noteUnread, noUnread, type Unread } from './unread.js';

/**
 * procps-ng 4.0.2 translates the header as one msgid and each row label apart (LANG=de_DE.UTF-8):
 *                 gesamt       benutzt     frei      gemns.  Puffer/Cache verfügbar
 *   Speicher:   24683656     1737916    21699628       24768     1576068    22945740
 * zh_CN ends its labels with a full-width colon ("内存："), ko pads them inside ("스  왑:"). The
 * columns keep their English order, so a translated header is read as its msgid's words.
 * Older procps (3.2, 3.3) headers are read in English only: their catalogues are not shipped here.
 */
const HEADER_MSGIDS = [
  '               total        used        free      shared  buff/cache   available',
  '               total        used        free      shared     buffers       cache   available',
];
const LABEL_MSGIDS = ['Mem:', 'Swap:', 'Low:', 'High:', 'Total:', '-/+ buffers/cache:'];
const HEADERS = printedForms(HEADER_MSGIDS);
const LABELS = printedForms(LABEL_MSGIDS);
const ENGLISH_HEADER = /^\s*total\s+used\s+free\b/;

/** Column name (English, as in the header) -> row values, for each row by its English label. */
export type FreeRows = Map<string, Map<string, string>>;

export interface FreeTable {
  headerIndex: number;
  header: string[];
  rows: FreeRows;
  unread: Unread;
}

/** The English column names of a header line, or null when the line is no free header. */
function headerOf(line: string): string[] | null {
  if (ENGLISH_HEADER.test(line)) return fieldsOf(line);
  const msgid = msgidOfLine(line, HEADERS);
  return msgid === null ? null : fieldsOf(msgid);
}

export function readFreeTable(lines: string[]): FreeTable | null {
  let headerIndex = -1;
  let header: string[] | null = null;
  for (const [i, line] of lines.entries()) {
    header = headerOf(line);
    if (header) { headerIndex = i; break; }
  }
  if (!header) return null;
  const rows: FreeRows = new Map();
  const unread = noUnread();
  for (const line of lines.slice(headerIndex + 1)) {
    if (line.trim() === '') continue;
    const label = labelAtStart(line, LABELS);
    if (!label) {
      noteUnread(unread, line, 'a row whose label is none of Mem:, Swap:, Low:, High:, Total: in any language procps-ng ships');
      continue;
    }
    const values = fieldsOf(label.rest);
    // "-/+ buffers/cache:" (procps 3.2) has only used and free; the other labels follow the header.
    const names = label.msgid.startsWith('-/+') ? ['used', 'free'] : header;
    // More figures than columns (a header cut short by a paste): the extra ones are said, not dropped.
    if (values.length > names.length) noteUnread(unread, line, `${values.length - names.length} figure(s) past the header's last column (${names[names.length - 1]})`);
    rows.set(label.msgid.replace(/:$/, ''), new Map(names.map((name, i) => [name, values[i]])));
  }
  return { headerIndex, header, rows, unread };
}
