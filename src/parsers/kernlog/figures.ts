// Shared readers of "name:123kB" figures, as Mem-Info zone, node and kill lines print them.

// "present:719320kB", "shmem_thp: 0kB" (4.x+ prints a blank after some colons),
// "reserved_highatomic:0KB" (an upper-case K on 4.x+).
const KB_FIGURE = /([A-Za-z_()+-][\w()+-]*):\s?(\d+)kB/gi;

/** Every "name:NkB" figure of a line, by its printed name. */
export function kbFigures(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(KB_FIGURE)) out[m[1]] = Number(m[2]);
  return out;
}

/** "all_unreclaimable? yes" -> true, "? no" -> false, absent -> null. */
export function allUnreclaimable(text: string): boolean | null {
  const m = /all_unreclaimable\?\s*(yes|no)/.exec(text);
  return m ? m[1] === 'yes' : null;
}

/** A figure by name, or null. */
export function pick(figures: Record<string, number>, name: string): number | null {
  return figures[name] ?? null;
}
