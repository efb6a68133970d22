// /etc/os-release (and /etc/redhat-release style one-liners).
import { defineParser, unparsed } from './types.js';
import { hostRecord, linesOf } from './lines/text.js';

/**
 * os-release(5): shell-style KEY=value lines, values optionally quoted, '#' comments; Debian 12:
 *   PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
 *   VERSION_ID="12"
 *   ID=debian
 * Hosts older than systemd's file (RHEL/CentOS 6 and before) have only a one-line release
 * file, which the probe reads instead: "CentOS release 6.9 (Final)".
 */
export interface OsReleaseFacts {
  fields: Record<string, string>;
  prettyName: string | null;
  id: string | null;
  versionId: string | null;
  /** Which form was read: os-release KEY=value lines, or a "NAME release X (CODE)" line. */
  format: 'os-release' | 'release-line';
}

const ASSIGNMENT = /^([A-Z][A-Z0-9_]*)=(.*)$/;
// Names of one-line release files to os-release IDs (the ID those hosts' successors print).
const IDS: Array<[RegExp, string]> = [
  [/^Red Hat Enterprise Linux/i, 'rhel'], [/^CentOS/i, 'centos'], [/^Fedora/i, 'fedora'],
  [/^Rocky/i, 'rocky'], [/^AlmaLinux/i, 'almalinux'], [/^Oracle Linux/i, 'ol'],
  [/^Scientific Linux/i, 'scientific'], [/^CloudLinux/i, 'cloudlinux'],
];

/** The value of a shell assignment: quotes removed, backslash escapes inside double quotes undone. */
function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v[0] === "'" && v.endsWith("'")) return v.slice(1, -1);
  if (v.length >= 2 && v[0] === '"' && v.endsWith('"')) return v.slice(1, -1).replace(/\\([\\"$`])/g, '$1');
  return v;
}

export const osrelease = defineParser<OsReleaseFacts>({
  name: 'osrelease',
  sources: ['os-release'],
  description: `/etc/os-release (and /etc/redhat-release style one-liners).`,
  parse(text) {
    const lines = linesOf(text).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    const fields = hostRecord<string>();
    for (const line of lines) {
      const match = ASSIGNMENT.exec(line);
      if (match) fields[match[1]] = unquote(match[2]);
    }
    if (Object.keys(fields).length > 0) {
      return { fields, prettyName: fields.PRETTY_NAME ?? fields.NAME ?? null, id: fields.ID ?? null,
        versionId: fields.VERSION_ID ?? null, format: 'os-release' };
    }
    // "NAME release VERSION (CODENAME)", read word by word (no backtracking on pasted text).
    const words = lines.length === 1 ? lines[0].split(/\s+/) : [];
    const at = words.indexOf('release');
    if (at < 1 || !/^\d[\w.-]*$/.test(words[at + 1] ?? '')) {
      return unparsed("no KEY=value line of os-release and no 'NAME release X' line", text);
    }
    const name = words.slice(0, at).join(' ');
    const id = IDS.find(([re]) => re.test(name))?.[1] ?? words[0].toLowerCase();
    return { fields, prettyName: lines[0], id, versionId: words[at + 1], format: 'release-line' };
  },
});
