// /etc/os-release (and /etc/redhat-release style one-liners).
import { defineParser, unparsed } from './types.js';

export interface OsReleaseFacts {
  fields: Record<string, string>;
  prettyName: string | null;
  id: string | null;
  versionId: string | null;
}

export const osrelease = defineParser<OsReleaseFacts>({
  name: 'osrelease',
  sources: ['os-release'],
  description: `/etc/os-release (and /etc/redhat-release style one-liners).`,
  parse(text) {
    return unparsed('parser not written yet', text);
  },
});
