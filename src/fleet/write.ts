// Writes OUT/index.json, OUT/index.html and OUT/index.md for a fleet document, each atomically.
import { join } from 'node:path';
import { writeFileAtomic } from '../archive/write-file.js';
import type { FleetDocument } from './document.js';
import { renderFleetHtml, renderFleetMarkdown } from './render.js';

/** The index files, in the order written; returns their paths. `write`: schedule --obfuscate checks each text first. */
export async function writeFleetIndex(outDir: string, doc: FleetDocument, write: (path: string, text: string) => Promise<void> = writeFileAtomic): Promise<string[]> {
  const files: Array<[string, string]> = [
    ['index.json', `${JSON.stringify(doc, null, 2)}\n`],
    ['index.html', renderFleetHtml(doc)],
    ['index.md', renderFleetMarkdown(doc)],
  ];
  const written: string[] = [];
  for (const [name, text] of files) {
    await write(join(outDir, name), text);
    written.push(join(outDir, name));
  }
  return written;
}
