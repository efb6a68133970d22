// Mail through SMTP (nodemailer): the summary as text, the files as attachments; an RT-style tag when it replies to a ticket.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import nodemailer from 'nodemailer';
import type { Bundle } from './bundle.js';
import type { MailConfig } from './config.js';
import { oneLine } from '../format/control.js';
import { AttachError, type AttachFailure } from './error.js';
import { parseSmtpUrl } from './smtp-url.js';

const SYSTEM = 'SMTP';

export interface Mailed { messageId: string; to: string; subject: string; sent: string[] }

/** `[rt.example.com #123] subject`: RT (and OTRS, Zendesk…) file a mail with its tag on that ticket. */
export function mailSubject(subject: string, ticket: number | null, tag: string | undefined): string {
  return ticket === null ? subject : `[${tag ?? 'ticket'} #${ticket}] ${subject}`;
}

type MailerError = { code?: string; command?: string; responseCode?: number; response?: string; message?: string };

// nodemailer's error codes (lib/smtp-connection) and SMTP replies, said as attach failures.
function failureOf(error: MailerError): AttachFailure {
  const text = `${error.code ?? ''} ${error.message ?? ''}`;
  if (error.code === 'EAUTH') return 'credentials';
  if (error.responseCode === 552 || /size|too (big|large)/i.test(error.message ?? '') && (error.responseCode ?? 0) >= 500) return 'too-large';
  if (/CERT|SELF_SIGNED|UNABLE_TO|TLS|SSL/i.test(text) && error.code !== 'ETIMEDOUT') return 'tls';
  if (error.code === 'ETIMEDOUT' || /timeout/i.test(text)) return 'timeout';
  if (error.code === 'ECONNECTION' || error.code === 'ESOCKET' || error.code === 'EDNS') return 'unreachable';
  return 'refused';
}

/** What went wrong in words, with the server's own reply where there is one (552: exim's message_size_limit). */
function said(e: MailerError, failure: AttachFailure, server: string): string {
  const reply = oneLine(e.response ?? '').slice(0, 300);
  if (failure === 'too-large') return `the server refused it as too large (${reply || e.message}); mail.maxAttachmentBytes below the server's limit makes hostsnap leave files out`;
  if (failure === 'tls' && e.command === 'STARTTLS') return `${server} would not start TLS (${reply || e.message}) and the URL requires it: nothing was sent in plain text`;
  if (failure === 'tls') return `the TLS certificate of ${server} was not verified (${e.message}); caFile in the config for an internal CA`;
  return reply || (e.message ?? 'no reason given');
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
  const server = parseSmtpUrl(config.smtp);
  const transport = nodemailer.createTransport({
    ...server, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout,
    // servername: the name the certificate is checked against, as written in the URL (an IP too).
    tls: { rejectUnauthorized: true, servername: server.host, ...(ca ? { ca } : {}) },
  });
  const subject = mailSubject(bundle.subject, ticket, config.ticketTag);
  try {
    const info = await transport.sendMail({
      from: config.from, to, subject, text: bundle.text,
      attachments: bundle.attachments.map((a) => ({ filename: a.name, path: a.path, contentType: a.contentType })),
    });
    return { messageId: String(info.messageId), to, subject, sent: bundle.attachments.map((a) => a.name) };
  } catch (error) {
    const e = error as MailerError;
    const failure = failureOf(e);
    throw new AttachError(SYSTEM, failure, `the mail to ${to} was not sent: ${said(e, failure, `${server.host}:${server.port}`)}`, {
      expected: `${server.host}:${server.port} to accept the message`, found: `${e.code ?? ''} ${e.response ?? e.message ?? ''}`.trim(), cause: error,
    });
  } finally {
    transport.close();
  }
}
