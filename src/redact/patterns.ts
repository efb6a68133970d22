// The secret shapes redaction looks for, as data: a kind, a pattern, and what of the match to keep.

/** What replaces a secret in every written byte (fixed, so a reader can grep for it). */
export const REDACTED = '[REDACTED]';

export interface SecretPattern {
  /** Named in the manifest's counts: `option`, `assignment`, `url-credentials`… */
  kind: string;
  /** Global; group 1, when present, is the prefix kept before the marker. */
  pattern: RegExp;
}

// The words that name a secret in an option or an assignment, at the END of its name: kernel and
// sysctl names hold them inside (net.ipv4.ipfrag_secret_interval, "Speculative Store Bypass:",
// bridge-nf-pass-vlan-input-dev: found by scanning test/fixtures), and --password-file names a
// path. `pwd` alone is left out: PWD=/home/x is a shell's working directory (MYSQL_PWD is `_pwd`).
const WORD = String.raw`(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key|credentials?|[_-]pwd)`;

/**
 * Order matters: whole blocks and URL credentials go before the word-based shapes, so that the
 * value of `--db=postgres://u:p@h` is masked once and counted once.
 */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // PEM private keys, whole; a block cut by an output cap is masked to the end of the text.
  { kind: 'private-key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g },
  // scheme://user:password@host: the password only (the user name is obfuscation's business).
  { kind: 'url-credentials', pattern: /([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+(?=@)/gi },
  // An HTTP header passed on a command line (curl -H 'Authorization: Basic …'): scheme and value.
  { kind: 'authorization', pattern: /(\bauthorization[ \t]*[:=][ \t]*)(?:(?:basic|bearer|digest|token|negotiate)[ \t]+)?[^\s'"]+/gi },
  { kind: 'bearer', pattern: /(\bbearer[ \t]+)[A-Za-z0-9._~+/=-]{8,}/gi },
  // --password X, --password=X, -password X (GNU and Java style).
  { kind: 'option', pattern: new RegExp(String.raw`(--?[A-Za-z0-9_.-]*${WORD}(?:=|[ \t]+))(?!-)(?!\[REDACTED\])\S+`, 'gi') },
  // password=X, AWS_SECRET_ACCESS_KEY=X, "token: X", sysctl's `net.ipv6.conf.all.stable_secret = X`.
  { kind: 'assignment', pattern: new RegExp(String.raw`(\b[A-Za-z0-9_.-]*${WORD}[ \t]*[:=][ \t]*)(?!\[REDACTED\])[^\s'"]+`, 'gi') },
  // mysql's -pSECRET (no space: `-p SECRET` would make mysql prompt and SECRET be the database).
  { kind: 'mysql-password', pattern: /(\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlslap|mariadb|mariadb-dump)\b[^\n]*?[ \t]-p)(?!\[REDACTED\])[^\s'"]+/g },
  // AWS access key ids (AKIA… long-term, ASIA… temporary, and the other documented prefixes).
  { kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g },
];

/**
 * An AWS secret key's shape: 40 characters of base64 with upper case, lower case and a digit or
 * a slash. Git and kernel hashes (hex, one case) and words do not have it; checked in code
 * because a regular expression for "all three classes" would be unreadable.
 */
export const AWS_SECRET_CANDIDATE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

export function looksLikeAwsSecret(text: string): boolean {
  return !text.startsWith('/') && /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9/+]/.test(text) && !/^[0-9a-fA-F]+$/.test(text);
}
