// Reads an inventory file in whichever of the three formats it is written: YAML, Ansible INI, plain list.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { parseIni } from './ini.js';
import type { Inventory } from './model.js';
import { parsePlain } from './plain.js';
import { parseYaml } from './yaml.js';

export type InventoryFormat = 'yaml' | 'ini' | 'plain';

/**
 * By extension first (.yml/.yaml), then by content: a first line `name:` at column 0 is YAML, a
 * [section] or a key=value anywhere is INI, anything else is one target a line.
 */
export function detectFormat(file: string, text: string): InventoryFormat {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !/^\s*[#;]/.test(l));
  if (lines.length > 0 && /^(---|[\w.-]+:\s*$)/.test(lines[0])) return 'yaml';
  if (lines.some((l) => /^\s*\[/.test(l) || /\S=/.test(l))) return 'ini';
  return 'plain';
}

export function parseInventory(text: string, file: string): Inventory {
  const format = detectFormat(file, text);
  return format === 'yaml' ? parseYaml(text, file) : format === 'ini' ? parseIni(text, file) : parsePlain(text, file);
}

export async function loadInventory(file: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read inventory ${file}`, { expected: 'a readable inventory file', found: String((error as NodeJS.ErrnoException).code ?? error), cause: error });
  }
  const inventory = parseInventory(text, file);
  if (inventory.hosts.length === 0) throw new UsageError(`inventory ${file} lists no host`, { expected: 'at least one host', found: 'none' });
  return inventory;
}
