// Ansible's INI inventory: [group], [group:vars], [group:children], host lines with key=value vars.
import { expandRange } from './range.js';
import { inventoryError, InventoryBuilder, type Inventory, type Vars } from './model.js';

const SECTION = /^\[([^\]:\s]+)(?::(vars|children))?\]$/;

/** Splits like Ansible's shlex: whitespace, '…' and "…" quotes; a token starting with # ends the line. */
function tokens(text: string, file: string, line: number): string[] {
  const out: string[] = [];
  let current = '';
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw inventoryError(file, line, `unclosed ${c} quote`, 'balanced quotes', text);
      current += text.slice(i + 1, end);
      has = true;
      i = end;
    } else if (/\s/.test(c)) {
      if (has) out.push(current);
      current = '';
      has = false;
    } else if (c === '#' && !has) break;
    else {
      current += c;
      has = true;
    }
  }
  if (has) out.push(current);
  return out;
}

function keyValue(token: string, file: string, line: number, text: string): [string, string] {
  const eq = token.indexOf('=');
  if (eq <= 0) throw inventoryError(file, line, `'${token}' is not key=value`, 'key=value', text);
  return [token.slice(0, eq), token.slice(eq + 1)];
}

/** `host`, `host:port`, `[v6]:port` is not Ansible's; a bare IPv6 address has several colons. */
function splitPort(name: string): { name: string; port?: string } {
  const m = /^([^:]+):(\d+)$/.exec(name);
  return m ? { name: m[1], port: m[2] } : { name };
}

export function parseIni(text: string, file: string): Inventory {
  const builder = new InventoryBuilder(file);
  let group = 'ungrouped';
  let kind: 'hosts' | 'vars' | 'children' = 'hosts';
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    if (trimmed.startsWith('[')) {
      const m = SECTION.exec(trimmed);
      if (!m) throw inventoryError(file, line, 'bad section header', '[group], [group:vars] or [group:children]', trimmed);
      group = m[1];
      kind = (m[2] as 'vars' | 'children' | undefined) ?? 'hosts';
      builder.group(group);
      return;
    }
    const words = tokens(trimmed, file, line);
    if (words.length === 0) return;
    if (kind === 'vars') {
      // `key=value` or `key = value` (Ansible accepts both in :vars sections).
      const joined = words.join(' ');
      const eq = joined.indexOf('=');
      if (eq <= 0) throw inventoryError(file, line, 'a line of a :vars section is not key=value', 'key=value', trimmed);
      builder.setGroupVars(group, { [joined.slice(0, eq).trim()]: joined.slice(eq + 1).trim() });
    } else if (kind === 'children') {
      if (words.length !== 1) throw inventoryError(file, line, 'a :children line names one group', 'a group name', trimmed);
      builder.addChild(group, words[0]);
    } else {
      const vars: Vars = {};
      for (const word of words.slice(1)) {
        const [key, value] = keyValue(word, file, line, trimmed);
        vars[key] = value;
      }
      const { name, port } = splitPort(words[0]);
      if (port !== undefined && vars.ansible_port === undefined) vars.ansible_port = port;
      for (const host of expandRange(name, file, line)) builder.addHost(group, host, vars);
    }
  });
  return builder.build();
}
