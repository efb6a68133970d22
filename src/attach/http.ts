// One HTTP(S) request to a ticket system: TLS always verified (plus an optional CA file), a total deadline, a capped answer.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { AttachError } from './error.js';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs: number;
  caFile?: string;
  /** Answers longer than this are cut (default 1 MiB: hostsnap reads only small JSON answers). */
  maxAnswerBytes?: number;
}

export interface HttpAnswer { status: number; headers: IncomingHttpHeaders; body: Buffer }

// TLS failures Node reports by code: said as "certificate not verified", never retried without checks.
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

/** Node's `ca` replaces the built-in roots: keep them and add the internal CA. */
function trustedCas(caFile: string, system: string): string[] {
  try {
    return [...rootCertificates, readFileSync(caFile, 'utf8')];
  } catch (error) {
    throw new AttachError(system, 'config', `cannot read the CA file ${caFile}`, { cause: error, found: (error as Error).message });
  }
}

export function httpCall(system: string, req: HttpRequest): Promise<HttpAnswer> {
  const url = new URL(req.url);
  const secure = url.protocol === 'https:';
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string> = { ...req.headers };
  if (body) headers['content-length'] = String(body.length);
  const cap = req.maxAnswerBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const options = { method: req.method, headers, rejectUnauthorized: true, ...(secure && req.caFile ? { ca: trustedCas(req.caFile, system) } : {}) };
    const client = (secure ? httpsRequest : httpRequest)(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < cap) chunks.push(chunk.subarray(0, cap - size));
        size += chunk.length;
      });
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }); });
      res.on('error', fail);
    });
    // A total deadline, not an idle one: a server that trickles bytes is as stuck as a silent one.
    const timer = setTimeout(() => {
      client.destroy(new AttachError(system, 'timeout', `no answer from ${url.origin} within ${Math.round(req.timeoutMs / 1000)} s`, {
        expected: 'an answer (timeoutSeconds in the config sets the wait)', found: `${req.method} ${url.pathname} still waiting`,
      }));
    }, req.timeoutMs);
    function fail(error: Error & { code?: string }): void {
      clearTimeout(timer);
      if (error instanceof AttachError) return reject(error);
      const code = error.code ?? '';
      if (TLS_CODES.test(code)) {
        reject(new AttachError(system, 'tls', `the TLS certificate of ${url.origin} was not verified`, {
          expected: 'a certificate from a trusted CA (caFile in the config for an internal CA)', found: `${code}: ${error.message}`, cause: error,
        }));
      } else {
        reject(new AttachError(system, 'unreachable', `${url.origin} could not be reached`, { expected: 'a listening server', found: `${code || error.name}: ${error.message}`, cause: error }));
      }
    }
    client.on('error', fail);
    client.end(body);
  });
}

/** Parses a JSON answer; a page of HTML (a proxy's error, a login form) is said as such. */
export function jsonOf(system: string, answer: HttpAnswer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(answer.body.toString('utf8'));
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch { /* said below */ }
  throw new AttachError(system, 'refused', `HTTP ${answer.status} without a JSON answer`, { expected: 'JSON', found: excerpt(answer) });
}

/** The start of an answer, for error messages (the CLI strips controls when printing). */
export function excerpt(answer: HttpAnswer): string {
  return answer.body.subarray(0, 300).toString('utf8').replace(/\s+/g, ' ').trim() || `HTTP ${answer.status}, empty`;
}
