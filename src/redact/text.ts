// redactText(): every secret shape of patterns.ts masked in one text, with counts by kind.
import { AWS_SECRET_CANDIDATE, looksLikeAwsSecret, REDACTED, SECRET_PATTERNS } from './patterns.js';

export interface Redacted {
  text: string;
  /** Secrets masked, by kind (only kinds that occurred). */
  counts: Record<string, number>;
}

/** Adds b's counts into a (in place) and returns a. */
export function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  for (const [kind, n] of Object.entries(b)) a[kind] = (a[kind] ?? 0) + n;
  return a;
}

export function totalOf(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** The text with each secret replaced by REDACTED (prefixes such as `--password=` kept). */
export function redactText(text: string): Redacted {
  const counts: Record<string, number> = {};
  const count = (kind: string): void => {
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  let out = text;
  for (const { kind, pattern } of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: unknown) => {
      count(kind);
      return (typeof prefix === 'string' ? prefix : '') + REDACTED;
    });
  }
  out = out.replace(AWS_SECRET_CANDIDATE, (candidate) => {
    if (!looksLikeAwsSecret(candidate)) return candidate;
    count('aws-secret-key');
    return REDACTED;
  });
  return { text: out, counts };
}
