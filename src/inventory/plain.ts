// A plain inventory: one TARGET a line ([user@]host[:port] or an ssh_config alias), # comments.
import { parseTarget } from '../transport/target.js';
import { UsageError } from '../errors.js';
import { inventoryError, InventoryBuilder, type Inventory } from './model.js';

export function parsePlain(text: string, file: string): Inventory {
  const builder = new InventoryBuilder(file);
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    try {
      parseTarget(line);
    } catch (error) {
      if (error instanceof UsageError) throw inventoryError(file, index + 1, error.message, error.expected ?? 'a target', line);
      throw error;
    }
    // The line itself is the host's name: --limit and failed.txt speak of it as written.
    builder.addHost('ungrouped', line, {});
  });
  return builder.build();
}
