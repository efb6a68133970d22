// Waiting on state, never on time: poll a condition until it holds, bounded in tries and in time.

export interface WaitOptions {
  /** What is awaited, for the error: "sshd on 127.0.0.2:2222 to accept connections". */
  what: string;
  /** Give up after this long (a ceiling for a loaded machine, not an expected duration). */
  timeoutMs?: number;
  /** Pause between two checks; the wait ends at the first check that holds. */
  intervalMs?: number;
  /** Called when giving up: more words for the error (a log, the state seen last). */
  detail?: () => string;
}

/**
 * Resolves with the first truthy value `check` returns. Throws when `timeoutMs` passes or the
 * tries run out (timeoutMs / intervalMs + 1), whichever comes first: every wait is bounded.
 */
export async function waitFor<T>(check: () => T | Promise<T>, options: WaitOptions): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  const tries = Math.ceil(timeoutMs / intervalMs) + 1;
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const detail = options.detail ? `\n${options.detail()}` : '';
  throw new Error(`gave up after ${timeoutMs} ms waiting for ${options.what}${detail}`);
}
