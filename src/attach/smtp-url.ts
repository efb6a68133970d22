// The SMTP URL of the config, read by hostsnap (not handed to nodemailer whole): its query could switch certificate checks off.
import { AttachError } from './error.js';

export interface SmtpServer {
  host: string; port: number;
  /** smtps: TLS from the first byte (port 465). */
  secure: boolean;
  /** ?requireTLS=true: STARTTLS or no mail; never a fallback to plain text. */
  requireTLS: boolean;
  auth?: { user: string; pass: string };
}

const FORMS = 'smtp://[user:password@]host[:port][?requireTLS=true] or smtps://[user:password@]host[:port]';

/**
 * Without requireTLS an smtp:// server that offers STARTTLS is still used over TLS, and its
 * certificate is verified; one that does not offer it gets plain text (nodemailer's default).
 */
export function parseSmtpUrl(text: string): SmtpServer {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AttachError('SMTP', 'config', 'the SMTP URL is not a URL', { expected: FORMS, found: text });
  }
  const bad = (why: string): never => { throw new AttachError('SMTP', 'config', `the SMTP URL ${why}`, { expected: FORMS, found: `${url.protocol}//${url.host}${url.search}` }); };
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') bad(`has the scheme ${url.protocol}`);
  const keys = [...url.searchParams.keys()];
  if (keys.some((k) => k !== 'requireTLS')) bad(`has query options other than requireTLS (${keys.join(', ')})`);
  const require = url.searchParams.get('requireTLS');
  if (require !== null && require !== 'true' && require !== 'false') bad('has requireTLS other than true or false');
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : secure ? 465 : 25, secure,
    requireTLS: require === 'true',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
  };
}
