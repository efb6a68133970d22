// The few kinds of error hostsnap raises; only src/cli turns them into exit codes and words.
import { oneLine } from './format/control.js';

/** What was expected and what was found: every error says both. */
export interface ErrorDetail {
  expected?: string;
  found?: string;
  cause?: unknown;
}

export class HostsnapError extends Error {
  readonly expected?: string;
  readonly found?: string;
  constructor(message: string, detail: ErrorDetail = {}) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.name = new.target.name;
    this.expected = detail.expected;
    this.found = detail.found;
  }
}

/** The user asked for something that cannot be done as asked (bad option, missing file). */
export class UsageError extends HostsnapError {}

/** A host could not be reached, authenticated or trusted. `host` names it. */
export class TransportError extends HostsnapError {
  readonly host: string;
  constructor(host: string, message: string, detail: ErrorDetail = {}) {
    super(`${host}: ${message}`, detail);
    this.host = host;
  }
}

/** The host key is unknown or changed: refused before any command ran. */
export class HostKeyError extends TransportError {
  readonly fingerprint: string;
  readonly changed: boolean;
  constructor(host: string, message: string, fingerprint: string, changed: boolean) {
    super(host, message);
    this.fingerprint = fingerprint;
    this.changed = changed;
  }
}

/** Text that a parser or reader could not make sense of (parsers return this, never throw it). */
export class ParseError extends HostsnapError {
  readonly source: string;
  constructor(source: string, message: string, detail: ErrorDetail = {}) {
    super(`${source}: ${message}`, detail);
    this.source = source;
  }
}

/** A bug in hostsnap itself. */
export class InternalError extends HostsnapError {}

/**
 * Exit codes: 0 ok (whatever was found), 1 `parse` read text it did not recognise, 2 usage,
 * 3 transport (some host failed), 4 internal.
 */
export const EXIT = { ok: 0, unparsed: 1, usage: 2, transport: 3, internal: 4, attach: 5, hostsAndAttach: 6 } as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof TransportError) return EXIT.transport;
  return EXIT.internal;
}

/**
 * Lines for the terminal: the message, then what was expected and found when known. Messages
 * carry host text (host names, archive entry names, stderr): controls are replaced so that no
 * escape sequence of a host reaches the operator's terminal.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  const lines = [`hostsnap: ${oneLine(error.message)}`];
  if (error instanceof HostsnapError) {
    if (error.expected) lines.push(`  expected: ${oneLine(error.expected)}`);
    if (error.found) lines.push(`  found: ${oneLine(error.found)}`);
  }
  return lines.join('\n');
}
