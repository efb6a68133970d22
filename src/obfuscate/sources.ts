// Obfuscation of a SourceSet read by `analyze` (an archive, a sosreport, a paste): names learnt, then replaced.
import type { SourceSet } from '../archive/types.js';
import { discover } from './discover.js';
import type { ObfuscationMap } from './mapping.js';
import { mapStrings } from './walk.js';

export function obfuscateSourceSet(map: ObfuscationMap, set: SourceSet): SourceSet {
  const texts = new Map([...set.sources].map(([id, s]) => [id, s.text]));
  discover(map, { hostname: set.manifest?.hostname ?? null, target: set.manifest?.target ?? null, texts });
  const sources = new Map([...set.sources].map(([id, s]) => [id, mapStrings(s, (t) => map.apply(t))]));
  return {
    ...set,
    location: map.apply(set.location),
    manifest: set.manifest ? mapStrings(set.manifest, (t) => map.apply(t)) : null,
    sources,
    ...(set.sos ? { sos: mapStrings(set.sos, (t) => map.apply(t)) } : {}),
  };
}
