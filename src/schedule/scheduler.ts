// The long-running scheduler: croner fires cycles, an overlapping run is skipped and said, SIGTERM/SIGINT stop cleanly.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Cron } from 'croner';
import { describeError } from '../errors.js';
import { cycleLine, runCycle, type CycleOptions } from './cycle.js';
import { LOCK } from './lock.js';

export interface SchedulerOptions {
  cron: string;
  timezone?: string;
  /** Seconds a stop waits for the run in flight before abandoning it. */
  graceSeconds: number;
  cycle: Omit<CycleOptions, 'inFlight'>;
  log: (line: string) => void;
}

/**
 * Partial files and locks of the hosts a stop abandons: synchronously, just before exiting. Only
 * in folders whose lock holds this process's pid: a host another controller is collecting (the
 * lock is theirs) keeps its lock and its partial files.
 */
function abandon(hostDirs: Iterable<string>): void {
  for (const dir of hostDirs) {
    // lockHost's own temporary, if the stop came in the middle of taking the lock.
    rmSync(join(dir, `${LOCK}.${process.pid}`), { force: true });
    let holder = '';
    try {
      holder = readFileSync(join(dir, LOCK), 'utf8').trim();
    } catch {
      continue;
    }
    if (holder !== String(process.pid)) continue;
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.') && name.endsWith('.partial')) rmSync(join(dir, name), { force: true });
    }
    rmSync(join(dir, LOCK), { force: true });
  }
}

/**
 * Runs until SIGTERM or SIGINT; resolves with the exit code. A stop lets the run in flight finish
 * within the grace, else abandons it: every file is written under a hidden temporary name and
 * renamed when complete, so what is left under a final name is whole; the partials and locks of
 * the abandoned hosts are removed before exiting.
 */
export function runScheduler(options: SchedulerOptions): Promise<number> {
  const inFlight = new Set<string>();
  let running: Promise<void> | null = null;
  return new Promise((resolve) => {
    const job = new Cron(options.cron, {
      timezone: options.timezone,
      // croner does not start a run while the previous one is going: it calls this instead.
      protect: (blocked) => options.log(`${new Date().toISOString()} run skipped: the previous run is still going (next ${blocked.nextRun()?.toISOString() ?? 'never'})`),
    }, async () => {
      const at = new Date();
      running = runCycle({ ...options.cycle, inFlight })
        .then((r) => options.log(cycleLine(at, r)))
        .catch((error) => options.log(`${at.toISOString()} run failed: ${describeError(error).replace(/\n\s*/g, '; ')}`))
        .finally(() => { running = null; });
      await running;
    });
    options.log(`${new Date().toISOString()} scheduled: ${options.cron}${options.timezone ? ` (${options.timezone})` : ''}, next ${job.nextRun()?.toISOString() ?? 'never'}`);
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      job.stop();
      const current = running as Promise<void> | null;
      if (current === null) {
        options.log(`${new Date().toISOString()} stopped (${signal})`);
        finish(0);
        return;
      }
      const timer = setTimeout(() => {
        abandon(inFlight);
        options.log(`${new Date().toISOString()} stopped (${signal}): the run in flight was abandoned after ${options.graceSeconds} s; no file under a final name is partial`);
        // The abandoned collections may hold SSH sessions open: end here, nothing else to write.
        process.exit(0);
      }, options.graceSeconds * 1000);
      current.then(() => {
        clearTimeout(timer);
        options.log(`${new Date().toISOString()} stopped (${signal}) after the run in flight finished`);
        finish(0);
      });
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    function finish(code: number): void {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve(code);
    }
  });
}
