// Ansible's YAML inventory: groups with hosts:, vars: and children:, any depth, `all` or not at the top.
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { expandRange } from './range.js';
import { inventoryError, InventoryBuilder, type Inventory, type Vars } from './model.js';

const GROUP_KEYS = new Set(['hosts', 'vars', 'children']);

export function parseYaml(text: string, file: string): Inventory {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const lineOf = (node: unknown): number | null =>
    node && typeof node === 'object' && 'range' in node && Array.isArray((node as Node).range) ? lines.linePos((node as Node).range![0]).line : null;
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw inventoryError(file, error.linePos?.[0].line ?? null, 'not valid YAML', 'an Ansible YAML inventory', error.message.split('\n')[0]);
  }
  const builder = new InventoryBuilder(file);

  // Ansible reads variable values as YAML scalars; hostsnap needs them as text (true -> "true").
  const varsOf = (node: unknown, where: string): Vars => {
    if (node === null || node === undefined || isScalar(node) && node.value === null) return {};
    if (!isMap(node)) throw inventoryError(file, lineOf(node), `${where} is not a mapping`, 'key: value lines', String(node));
    const vars: Vars = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      vars[key] = isScalar(pair.value) ? String(pair.value.value) : JSON.stringify((pair.value as Node | null)?.toJSON?.() ?? null);
    }
    return vars;
  };

  const readGroup = (name: string, node: unknown, depth: number): void => {
    builder.group(name);
    if (depth > 64) throw inventoryError(file, lineOf(node), `group ${name} is nested more than 64 deep`, 'a shallower tree', name);
    if (node === null || isScalar(node) && node.value === null) return;
    if (!isMap(node)) throw inventoryError(file, lineOf(node), `group ${name} is not a mapping`, 'hosts:, vars: or children:', String(node));
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!GROUP_KEYS.has(key)) {
        throw inventoryError(file, lineOf(pair.key), `unknown key '${key}' in group ${name}`, 'hosts:, vars: or children:', key);
      }
      const value = pair.value;
      if (key === 'vars') builder.setGroupVars(name, varsOf(value, `vars of ${name}`));
      else if (value === null || isScalar(value) && value.value === null) continue;
      else if (!isMap(value)) throw inventoryError(file, lineOf(value), `${key} of ${name} is not a mapping`, `${key}: with names under it`, String(value));
      else if (key === 'hosts') {
        for (const host of value.items) {
          const hostName = isScalar(host.key) ? String(host.key.value) : '';
          const line = lineOf(host.key) ?? 0;
          const vars = varsOf(host.value, `host ${hostName}`);
          for (const expanded of expandRange(hostName, file, line)) builder.addHost(name, expanded, vars);
        }
      } else {
        for (const child of value.items) {
          const childName = isScalar(child.key) ? String(child.key.value) : '';
          builder.addChild(name, childName);
          readGroup(childName, child.value, depth + 1);
        }
      }
    }
  };

  const top = doc.contents;
  if (!isMap(top)) throw inventoryError(file, lineOf(top), 'the top level is not a mapping of groups', 'all: (or group names) at the top', String(top));
  for (const pair of top.items) readGroup(isScalar(pair.key) ? String(pair.key.value) : '', pair.value, 0);
  return builder.build();
}
