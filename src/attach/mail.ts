// Mail through SMTP (nodemailer): the summary as text, the files as attachments; an RT-style tag when it replies to a ticket.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import nodemailer from 'nodemailer';
import type { Bundle } from './bundle.js';
import type { MailConfig } from './config.js';
import { AttachError, type AttachFailure } from './error.js';

const SYSTEM = 'SMTP';

export interface Mailed { messageId: string; to: string; subject: string; sent: string[] }

/** `[rt.example.com #123] subject`: RT (and OTRS, Zendesk…) file a mail with its tag on that ticket. */
export function mailSubject(subject: string, ticket: number | null, tag: string | undefined): string {
  return ticket === null ? subject : `[${tag ?? 'ticket'} #${ticket}] ${subject}`;
}

// nodemailer's error codes (lib/smtp-connection) and SMTP replies, said as attach failures.
function failureOf(error: { code?: string; responseCode?: number; message?: string }): AttachFailure {
  const text = `${error.code ?? ''} ${error.message ?? ''}`;
  if (error.code === 'EAUTH') return 'credentials';
  if (error.responseCode === 552 || /size|too (big|large)/i.test(error.message ?? '') && (error.responseCode ?? 0) >= 500) return 'too-large';
  if (/CERT|SELF_SIGNED|UNABLE_TO|TLS|SSL/i.test(text) && error.code !== 'ETIMEDOUT') return 'tls';
  if (error.code === 'ETIMEDOUT' || /timeout/i.test(text)) return 'timeout';
  if (error.code === 'ECONNECTION' || error.code === 'ESOCKET' || error.code === 'EDNS') return 'unreachable';
  return 'refused';
}

export async function sendMail(config: MailConfig, to: string, ticket: number | null, bundle: Bundle): Promise<Mailed> {
  if (!config.from) throw new AttachError(SYSTEM, 'config', 'no sender address', { expected: 'mail.from or HOSTSNAP_MAIL_FROM', found: 'none' });
  const timeout = config.timeoutSeconds * 1000;
  let ca: string[] | undefined;
  try {
    ca = config.caFile ? [...rootCertificates, readFileSync(config.caFile, 'utf8')] : undefined;
  } catch (error) {
    throw new AttachError(SYSTEM, 'config', `cannot read the CA file ${config.caFile}`, { cause: error, found: (error as Error).message });
  }
  // The URL's own settings (host, port, user, secure) with our timeouts and TLS checks laid under them.
  const transport = nodemailer.createTransport({
    url: config.smtp, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout,
    tls: { rejectUnauthorized: true, ...(ca ? { ca } : {}) },
  });
  const subject = mailSubject(bundle.subject, ticket, config.ticketTag);
  try {
    const info = await transport.sendMail({
      from: config.from, to, subject, text: bundle.text,
      attachments: bundle.attachments.map((a) => ({ filename: a.name, path: a.path, contentType: a.contentType })),
    });
    return { messageId: String(info.messageId), to, subject, sent: bundle.attachments.map((a) => a.name) };
  } catch (error) {
    const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
    throw new AttachError(SYSTEM, failureOf(e), `the mail to ${to} was not sent`, {
      expected: `${new URL(config.smtp).host} to accept the message`, found: `${e.code ?? ''} ${e.response ?? e.message ?? ''}`.trim(), cause: error,
    });
  } finally {
    transport.close();
  }
}
