// A memory cgroup's unreclaimable kernel memory at its OOM, read from the dump (classifier and rules share it).
import type { OomEvent } from '../parsers/kernlog-types.js';
import { lineWith } from './oom.js';

/** Share of a memory cgroup's limit above which its unreclaimable kernel memory is said to have filled it. */
const MEMCG_SLAB_SHARE = 0.5;

/** A memory cgroup's unreclaimable kernel memory at its OOM, as the dump prints it. */
export interface MemcgSlab {
  /** kB of unreclaimable slab (v2 stats), or of all kernel memory charged (v1 kmem counter). */
  kb: number;
  /** "unreclaimable slab" or "kernel memory (kmem)". */
  label: string;
  /** The dump line that carries the figure, and the part of it to highlight. */
  line: string;
  highlight: string;
  /** The cgroup's limit (its usage when no limit is printed), kB. */
  limitKb: number;
  /** The cgroup's own anonymous pages (rss, anon), kB; null when not printed. */
  anonKb: number | null;
  /** The cgroup's usage line ("memory: usage 65536kB, limit 65536kB, failcnt 80"), if printed. */
  usageLine: string | null;
  /** The function that asked for the slab object which met the limit (do_epoll_ctl), if the trace says. */
  caller: string | null;
  /** True when it dominates: MEMCG_SLAB_SHARE+ of the limit and more than the cgroup's anon. */
  dominant: boolean;
}

// Frames of the charge and slab allocator path, above the caller that asked for the object.
const ALLOC_PATH = /^(dump_|oom_|out_of_memory|mem_cgroup|__mem_cgroup|try_charge|charge_memcg|obj_cgroup|__memcg|memcg|kmem_cache_alloc|__kmem_cache|__?kmalloc|kvmalloc|__kvmalloc|slab_|__slab|___slab|alloc_pages|__alloc_pages)/;

/**
 * The unreclaimable kernel memory of a memcg OOM. cgroup v2 stats print slab_unreclaimable
 * (bytes, 5.9+); cgroup v1 stats print no slab at all, only the "kmem: usage" counter (all kernel
 * memory charged to the cgroup: slab of both kinds, stacks, page tables). At a memcg OOM the
 * kernel has already run reclaim on the cgroup, shrinkers included, so the kmem left is what
 * reclaim could not free. Null for other events or when neither figure is printed.
 */
export function memcgSlab(event: OomEvent): MemcgSlab | null {
  if (event.kind !== 'memcg-oom' && event.constraint !== 'memcg') return null;
  const usage = event.memcgCounters.memory ?? event.memcgUsage;
  const stats = event.memcgStats[0];
  const statKb = (name: string): number | null => {
    const v = stats?.values[name];
    return v === undefined ? null : stats.kbSuffix ? v : Math.round(v / 1024);
  };
  let figure: Pick<MemcgSlab, 'kb' | 'label' | 'line' | 'highlight'> | null = null;
  const slabKb = statKb('slab_unreclaimable');
  const slabLine = lineWith(event, /\bslab_unreclaimable[ :]\d+/);
  const kmem = event.memcgCounters.kmem;
  const kmemLine = lineWith(event, /\bkmem: usage \d+kB/);
  if (slabKb !== null && slabLine) {
    figure = { kb: slabKb, label: 'unreclaimable slab', line: slabLine, highlight: /slab_unreclaimable[ :]\d+\w*/.exec(slabLine)?.[0] ?? '' };
  } else if (kmem?.usageKb != null && kmemLine) {
    figure = { kb: kmem.usageKb, label: 'kernel memory (kmem)', line: kmemLine, highlight: `kmem: usage ${kmem.usageKb}kB` };
  }
  const limitKb = usage?.limitKb ?? usage?.usageKb ?? null;
  if (!figure || !limitKb) return null;
  const anonKb = statKb('anon') ?? statKb('rss');
  const slabAt = event.callTrace.findIndex((f) => /^(kmem_cache_alloc|__?kmalloc|__memcg_slab_post_alloc_hook)/.test(f));
  const caller = slabAt === -1 ? null : event.callTrace.slice(slabAt).find((f) => !ALLOC_PATH.test(f)) ?? null;
  return {
    ...figure, limitKb, anonKb, caller,
    usageLine: lineWith(event, /memory: usage \d+kB, limit \d+kB/),
    dominant: figure.kb >= MEMCG_SLAB_SHARE * limitKb && figure.kb > (anonKb ?? 0),
  };
}
