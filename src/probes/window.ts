// The one sampling window shared by every sampling probe, so they overlap instead of adding up.

/**
 * Seconds each sampler observes the host: `vmstat 1 6` (a since-boot line, then 5 one-second
 * samples), `pidstat -dru 1 5` and the /proc fallback's `sleep 5` all span the same 5 s, and a
 * host costs about this window because collection starts them together.
 */
export const SAMPLE_SECONDS = 5;

/** A sampler gets its window plus this much before it is killed (slow hosts, busy sshd). */
export const SAMPLE_TIMEOUT_MS = (SAMPLE_SECONDS + 10) * 1000;
