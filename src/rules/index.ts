// The rule registry: every rule, sorted by id. Registering a rule is one line.
import type { Rule, RuleMeta } from './define.js';
import hugepagesUnused from './hugepages-unused.js';
import ioWaitWriteback from './io-wait-writeback.js';
import lowmemExhaustion from './lowmem-exhaustion.js';
import memcgOom from './memcg-oom.js';
import memoryFragmentation from './memory-fragmentation.js';
import oomKill from './oom-kill.js';
import overcommitPolicy from './overcommit-policy.js';
import processesDState from './processes-d-state.js';
import psiMemoryPressure from './psi-memory-pressure.js';
import shmemTmpfs from './shmem-tmpfs.js';
import slabReclaimableBloat from './slab-reclaimable-bloat.js';
import slabUnreclaimableGrowth from './slab-unreclaimable-growth.js';
import swapUnusedAtOom from './swap-unused-at-oom.js';
import topMemoryConsumers from './top-memory-consumers.js';

export const rules = [
  hugepagesUnused,
  ioWaitWriteback,
  lowmemExhaustion,
  memcgOom,
  memoryFragmentation,
  oomKill,
  overcommitPolicy,
  processesDState,
  psiMemoryPressure,
  shmemTmpfs,
  slabReclaimableBloat,
  slabUnreclaimableGrowth,
  swapUnusedAtOom,
  topMemoryConsumers,
] as unknown as readonly Rule<RuleMeta>[];
