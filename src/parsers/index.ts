// The parser registry: one parser per source, sorted by name. Registering a parser is one line.
import type { Parser } from './types.js';
import { buddyinfo } from './buddyinfo.js';
import { free } from './free.js';
import { kernlog } from './kernlog.js';
import { loadavg } from './loadavg.js';
import { memcg } from './memcg.js';
import { meminfo } from './meminfo.js';
import { mountinfo } from './mountinfo.js';
import { nproc } from './nproc.js';
import { osrelease } from './osrelease.js';
import { pidstat } from './pidstat.js';
import { pressure } from './pressure.js';
import { procvmstat } from './procvmstat.js';
import { ps } from './ps.js';
import { slabinfo } from './slabinfo.js';
import { slabtop } from './slabtop.js';
import { swaps } from './swaps.js';
import { sysctl } from './sysctl.js';
import { uname } from './uname.js';
import { uptime } from './uptime.js';
import { vmstat } from './vmstat.js';
import { zoneinfo } from './zoneinfo.js';

export const parsers = {
  buddyinfo, free, kernlog, loadavg, memcg, meminfo, mountinfo, nproc, osrelease, pidstat, pressure,
  procvmstat, ps, slabinfo, slabtop, swaps, sysctl, uname, uptime, vmstat, zoneinfo,
} as const;

export type ParserName = keyof typeof parsers;

/** The facts type each parser produces, by parser name. */
export type FactsOf<N extends ParserName> = (typeof parsers)[N] extends Parser<infer T> ? T : never;

/** The parser that reads a source id, or undefined. */
export function parserForSource(sourceId: string): Parser<unknown> | undefined {
  return Object.values(parsers).find((p) => p.sources.includes(sourceId)) as Parser<unknown> | undefined;
}

/** A parser by its name or by a source id it reads (`meminfo` or `proc-meminfo`). */
export function findParser(nameOrSource: string): Parser<unknown> | undefined {
  const byName = (parsers as Record<string, Parser<unknown>>)[nameOrSource];
  return byName ?? parserForSource(nameOrSource);
}
