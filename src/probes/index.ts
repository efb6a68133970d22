// The probe registry: every area's probes, explicit and sorted by id. Collection and
// `hostsnap probes` read this one list.
import type { Probe } from './types.js';
import io from './io.js';
import kernel from './kernel.js';
import memory from './memory.js';
import processes from './processes.js';
import system from './system.js';

const AREAS: Probe[][] = [io, kernel, memory, processes, system];

export const PROBES: readonly Probe[] = AREAS.flat().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export function findProbe(id: string): Probe | undefined {
  return PROBES.find((p) => p.id === id);
}
