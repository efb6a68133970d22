// The source ids analysis knows (one per probe), and which probe decides what when it is missing.
import { parsers } from '../parsers/index.js';

/** Every source id some parser reads, sorted: the set an input is measured against. */
export const KNOWN_SOURCES: readonly string[] = [
  ...new Set(Object.values(parsers).flatMap((p) => p.sources)),
].sort();

/** The sources that carry kernel-log lines (OOM dumps, hung tasks). */
export const KERNEL_LOG_SOURCES = ['dmesg', 'kern-log'] as const;
