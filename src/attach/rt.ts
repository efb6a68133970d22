// Request Tracker 5 through REST2: a comment with attachments on a ticket, or a new ticket in a queue.
import { readFile } from 'node:fs/promises';
import type { Bundle } from './bundle.js';
import type { RtConfig } from './config.js';
import { AttachError } from './error.js';
import { httpCall, jsonOf, type HttpRequest } from './http.js';
import { fitRtText } from './rt-limit.js';
import { answerError } from './status.js';

export interface Attached { url: string; ticket: number; sent: string[] }

const SYSTEM = 'Request Tracker';

function restBase(url: string): string {
  return `${url.replace(/\/+$/, '').replace(/\/REST\/2\.0$/, '')}/REST/2.0`;
}

function authorization(config: RtConfig): string {
  if (config.token) return `token ${config.token}`;
  if (config.user && config.password) return `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}`;
  throw new AttachError(SYSTEM, 'config', 'no credentials for Request Tracker', {
    expected: 'rt.token, or rt.user and rt.password (or HOSTSNAP_RT_TOKEN, HOSTSNAP_RT_USER + HOSTSNAP_RT_PASSWORD)', found: 'none',
  });
}

/**
 * REST2 (RT 5.0) takes attachments inline in the JSON of a comment or a ticket create,
 * base64 in FileContent. A ticket or queue is looked up first: RT answers a comment on a
 * missing ticket with a bare 400 and a create in a missing queue with a 403.
 */
export async function attachToRt(config: RtConfig, target: { ticket: number } | { newIn: string }, bundle: Bundle): Promise<Attached> {
  const base = restBase(config.url);
  const call = (method: HttpRequest['method'], path: string, body?: unknown) => httpCall(SYSTEM, {
    method, url: `${base}/${path}`, timeoutMs: config.timeoutSeconds * 1000, caFile: config.caFile,
    headers: { authorization: authorization(config), accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const what = 'ticket' in target ? `ticket ${target.ticket}` : `queue '${target.newIn}'`;
  const lookup = await call('GET', 'ticket' in target ? `ticket/${target.ticket}` : `queue/${encodeURIComponent(target.newIn)}`);
  if (lookup.status !== 200) throw answerError(SYSTEM, lookup, what);
  const attachments = await Promise.all(bundle.attachments.map(async (a) => ({
    FileName: a.name, FileType: a.contentType, FileContent: (await readFile(a.path)).toString('base64'),
  })));
  const message = { Subject: bundle.subject, Content: fitRtText(bundle.text, config.maxAttachmentBytes), ContentType: 'text/plain', Attachments: attachments };
  const answer = 'ticket' in target
    ? await call('POST', `ticket/${target.ticket}/comment`, message)
    : await call('POST', 'ticket', { Queue: target.newIn, ...message });
  if (answer.status !== 201) throw answerError(SYSTEM, answer, what);
  const ticket = 'ticket' in target ? target.ticket : Number(jsonOf(SYSTEM, answer).id);
  const web = base.replace(/\/REST\/2\.0$/, '');
  return { url: `${web}/Ticket/Display.html?id=${ticket}`, ticket, sent: bundle.attachments.map((a) => a.name) };
}
