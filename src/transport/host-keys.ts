// OpenSSH known_hosts: look a host key up (plain, hashed, wildcard entries), fingerprint it, append it.
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { HostKeyError } from '../errors.js';
import { hostPortName } from './target.js';

export type HostKeyStatus = 'known' | 'unknown' | 'changed';

export interface HostKeyCheck {
  status: HostKeyStatus;
  /** the offered key is listed under @revoked: refused like a changed key */
  revoked: boolean;
  /** 1-based lines of known_hosts entries for this host (matching or conflicting) */
  lines: number[];
  /** key types known for this host (to say so when an unknown type is offered) */
  knownTypes: string[];
}

interface Entry {
  line: number;
  marker: string | null;
  patterns: string;
  keyType: string;
  blob: Buffer;
}

export const defaultKnownHostsFile = (): string => join(homedir(), '.ssh', 'known_hosts');

/** The key type inside an SSH wire-format public key blob (its first length-prefixed string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && length <= 64 && blob.length >= 4 + length ? blob.toString('latin1', 4, 4 + length) : 'unknown';
}

/** As `ssh-keygen -l` and ssh print it: SHA256 of the blob, base64 without padding. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

// Lines: `[@marker] patterns keytype base64 [comment]`; blank lines and # comments skipped.
function parseKnownHosts(text: string): Entry[] {
  const entries: Entry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === '' || fields[0].startsWith('#')) return;
    const marker = fields[0].startsWith('@') ? fields.shift()!.slice(1) : null;
    if (fields.length < 3) return;
    entries.push({ line: index + 1, marker, patterns: fields[0], keyType: fields[1], blob: Buffer.from(fields[2], 'base64') });
  });
  return entries;
}

// ssh's match_pattern: '*' and '?' wildcards, host names compared case-insensitively.
function globMatch(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(name);
}

// `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, written by HashKnownHosts / ssh-keygen -H.
function hashedMatch(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (salt === undefined || hash === undefined) return false;
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return mac === hash;
}

/** Does a known_hosts host field match `name`? A negated pattern (`!x`) that matches wins. */
export function hostMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) return hashedMatch(patterns, name);
  let matched = false;
  for (const pattern of patterns.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) matched = true;
  }
  return matched;
}

/** Looks up `blob` for host:port in known_hosts text. Different type only: 'unknown', like ssh. */
export function checkKnownHosts(text: string, host: string, port: number, blob: Buffer): HostKeyCheck {
  const name = hostPortName(host, port);
  const type = keyTypeOf(blob);
  const entries = parseKnownHosts(text);
  // A revoked key is refused for every host; @cert-authority lines are CA keys for host
  // certificates, which this client never accepts, so they neither match nor conflict.
  const revoked = entries.filter((e) => e.marker === 'revoked' && e.blob.equals(blob));
  if (revoked.length > 0) return { status: 'changed', revoked: true, lines: revoked.map((e) => e.line), knownTypes: [] };
  const mine = entries.filter((e) => e.marker === null && hostMatches(e.patterns, name));
  const knownTypes = [...new Set(mine.map((e) => e.keyType))];
  const same = mine.filter((e) => e.keyType === type && e.blob.equals(blob));
  if (same.length > 0) return { status: 'known', revoked: false, lines: same.map((e) => e.line), knownTypes };
  const conflicting = mine.filter((e) => e.keyType === type);
  if (conflicting.length > 0) return { status: 'changed', revoked: false, lines: conflicting.map((e) => e.line), knownTypes };
  return { status: 'unknown', revoked: false, lines: [], knownTypes };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Key types the known_hosts files hold for host:port, so the client can ask for those first, like ssh. */
export function knownKeyTypes(files: string[], host: string, port: number): string[] {
  const name = hostPortName(host, port);
  return [...new Set(files.flatMap((file) => parseKnownHosts(readText(file)).filter((e) => e.marker === null && hostMatches(e.patterns, name)).map((e) => e.keyType)))];
}

/** Appends `name type base64` to known_hosts; creates its folder 0700 and the file 0600. */
export function appendKnownHost(file: string, host: string, port: number, blob: Buffer): void {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const text = readText(file);
  const lead = text === '' || text.endsWith('\n') ? '' : '\n';
  appendFileSync(file, `${lead}${hostPortName(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}

/** A host key let in without verification (-o StrictHostKeyChecking=no): what the manifest and report say. */
export interface UnverifiedHostKey {
  /** `host` or `[host]:port`, as known_hosts names it */
  host: string;
  keyType: string;
  fingerprint: string;
  /** 'changed': known_hosts holds another key of this type for the host; 'unknown': none */
  status: 'unknown' | 'changed';
  /** where the conflicting entry is, for a changed key */
  knownHosts: string | null;
}

export interface VerifyRequest {
  /** the name errors use (the target as typed) */
  label: string;
  host: string;
  port: number;
  blob: Buffer;
  /** the user's known_hosts: read, and appended to with acceptNew */
  knownHostsFile: string;
  /** also trusted, never written: the config's other UserKnownHostsFile files and GlobalKnownHostsFile */
  otherFiles?: string[];
  acceptNew: boolean;
  /**
   * `-o StrictHostKeyChecking=no` on the command line: an unknown or changed key is let in
   * ('unverified') and nothing is written; a revoked key is still refused (as ssh does).
   */
  unchecked?: boolean;
  /** said after a refusal of an unknown key (why the config's own setting was not followed) */
  hint?: string;
}

function changedMessage(req: VerifyRequest, file: string, check: HostKeyCheck, type: string, fp: string): string {
  const name = hostPortName(req.host, req.port);
  const lines = check.lines.join(', ');
  if (check.revoked) {
    return `the ${type} host key ${fp} offered by ${name} is REVOKED (${file} line ${lines}). Refused.`;
  }
  return [
    'WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!',
    `${name} now offers the ${type} host key ${fp}, but ${file} line ${lines} holds a different one.`,
    'Someone could be eavesdropping on you right now (man-in-the-middle attack), or the host key has just been changed.',
    `Refused, also with --accept-new. If the change is expected, remove the old key with: ssh-keygen -R '${name}' -f ${file}`,
  ].join('\n');
}

function unknownMessage(req: VerifyRequest, files: string[], knownTypes: string[], type: string, fp: string): string {
  const name = hostPortName(req.host, req.port);
  const others = knownTypes.length > 0 ? ` (only ${knownTypes.join(', ')} keys are known for it)` : '';
  const keyscan = `ssh-keyscan ${req.port === 22 ? '' : `-p ${req.port} `}-t ${type} ${req.host} >> ${req.knownHostsFile}`;
  return `host key of ${name} is not known: ${type} key ${fp} is not in ${files.filter((f, i) => i === 0 || existsSync(f)).join(', ')}${others}. ` +
    `After checking the fingerprint, accept it with --accept-new, or connect once with ssh, or add it with: ${keyscan}` +
    (req.hint ? `. ${req.hint}` : '');
}

/**
 * Checks a host key against the known_hosts files, like ssh: a key found in any file passes; a
 * revoked key, or another key of the same type for the host with no match anywhere, is always
 * refused; an unknown one is refused, or appended to the user's file with acceptNew.
 */
export function verifyHostKey(req: VerifyRequest): 'known' | 'added' | UnverifiedHostKey {
  const files = [req.knownHostsFile, ...(req.otherFiles ?? [])];
  const checks = files.map((file) => ({ file, check: checkKnownHosts(readText(file), req.host, req.port, req.blob) }));
  const type = keyTypeOf(req.blob);
  const fp = fingerprintSha256(req.blob);
  const revoked = checks.find((c) => c.check.revoked);
  if (revoked) throw new HostKeyError(req.label, changedMessage(req, revoked.file, revoked.check, type, fp), fp, true);
  if (checks.some((c) => c.check.status === 'known')) return 'known';
  const changed = checks.find((c) => c.check.status === 'changed');
  if (req.unchecked) {
    return { host: hostPortName(req.host, req.port), keyType: type, fingerprint: fp, status: changed ? 'changed' : 'unknown',
      knownHosts: changed ? `${changed.file} line ${changed.check.lines.join(', ')}` : null };
  }
  if (changed) throw new HostKeyError(req.label, changedMessage(req, changed.file, changed.check, type, fp), fp, true);
  const knownTypes = [...new Set(checks.flatMap((c) => c.check.knownTypes))];
  if (!req.acceptNew) throw new HostKeyError(req.label, unknownMessage(req, files, knownTypes, type, fp), fp, false);
  appendKnownHost(req.knownHostsFile, req.host, req.port, req.blob);
  return 'added';
}
