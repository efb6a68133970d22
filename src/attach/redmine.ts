// Redmine 4/5 through its REST API: upload each file (step 1), then a note or a new issue that claims the uploads (step 2).
import { readFile } from 'node:fs/promises';
import type { Bundle } from './bundle.js';
import type { RedmineConfig } from './config.js';
import { AttachError } from './error.js';
import { httpCall, jsonOf, type HttpRequest } from './http.js';
import type { Attached } from './rt.js';
import { answerError } from './status.js';

const SYSTEM = 'Redmine';

/** Called after each upload of step 1 (progress; awaited). */
export type OnUploaded = (name: string) => void | Promise<void>;

/**
 * The summary in the instance's own markup. Textile (Redmine's default) would read Markdown's
 * `**`, `#` and `|` as its own: the summary goes in a <pre> block there, as written.
 */
export function notesFor(text: string, markup: RedmineConfig['markup']): string {
  return markup === 'textile' ? `<pre>\n${text.replace(/<\/pre/gi, '< /pre')}\n</pre>` : text;
}

export async function attachToRedmine(config: RedmineConfig, target: { ticket: number } | { newIn: string }, bundle: Bundle, onUploaded?: OnUploaded): Promise<Attached> {
  if (!config.key) {
    throw new AttachError(SYSTEM, 'config', 'no API key for Redmine', { expected: 'redmine.key or HOSTSNAP_REDMINE_KEY (My account > API access key)', found: 'none' });
  }
  const base = config.url.replace(/\/+$/, '');
  const call = (method: HttpRequest['method'], path: string, body?: Buffer | string, type = 'application/json') => httpCall(SYSTEM, {
    method, url: `${base}/${path}`, timeoutMs: config.timeoutSeconds * 1000, caFile: config.caFile, body,
    headers: { 'x-redmine-api-key': config.key, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': type }) },
  });
  const what = 'ticket' in target ? `issue ${target.ticket}` : `project '${target.newIn}'`;
  const lookup = await call('GET', 'ticket' in target ? `issues/${target.ticket}.json` : `projects/${encodeURIComponent(target.newIn)}.json`);
  if (lookup.status !== 200) throw answerError(SYSTEM, lookup, what);

  const uploads: { token: string; filename: string; content_type: string }[] = [];
  for (const a of bundle.attachments) {
    const answer = await call('POST', `uploads.json?filename=${encodeURIComponent(a.name)}`, await readFile(a.path), 'application/octet-stream');
    if (answer.status !== 201) throw halfDone(uploads.length, what, answerError(SYSTEM, answer, `${a.name} (${a.bytes} bytes)`));
    const token = (jsonOf(SYSTEM, answer).upload as { token?: string } | undefined)?.token;
    if (!token) throw new AttachError(SYSTEM, 'refused', `no upload token for ${a.name}`, { found: answer.body.toString('utf8').slice(0, 300) });
    uploads.push({ token, filename: a.name, content_type: a.contentType });
    await onUploaded?.(a.name);
  }

  const notes = notesFor(bundle.text, config.markup);
  let ticket: number;
  try {
    if ('ticket' in target) {
      const answer = await call('PUT', `issues/${target.ticket}.json`, JSON.stringify({ issue: { notes, uploads } }));
      if (answer.status !== 204 && answer.status !== 200) throw answerError(SYSTEM, answer, what);
      ticket = target.ticket;
    } else {
      const issue = { project_id: target.newIn, subject: bundle.subject, description: notes, uploads };
      const answer = await call('POST', 'issues.json', JSON.stringify({ issue }));
      if (answer.status !== 201) throw answerError(SYSTEM, answer, what);
      ticket = Number((jsonOf(SYSTEM, answer).issue as { id?: number } | undefined)?.id);
    }
  } catch (error) {
    throw halfDone(uploads.length, what, error);
  }
  return { url: `${base}/issues/${ticket}`, ticket, sent: uploads.map((u) => u.filename) };
}

/** Step 2 failed after step 1 stored files: they sit in Redmine unattached until its prune task. */
function halfDone(uploaded: number, what: string, error: unknown): unknown {
  if (uploaded === 0 || !(error instanceof AttachError)) return error;
  return new AttachError(SYSTEM, 'half-done',
    `${uploaded} file(s) uploaded but not attached to ${what} (${error.failure}: ${error.message.replace(/^attach to Redmine: /, '')}); ` +
    'Redmine removes unattached uploads with its redmine:attachments:prune task; run `hostsnap attach` again', { expected: error.expected, found: error.found, cause: error });
}
