// A private exim4 on loopback (Debian's exim4-daemon-light): accepts any recipient, delivers to a Maildir we read back.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDaemon, type Daemon } from '../attach/daemon.js';
import { ensurePackages } from './sshd.js';

const EXIM = '/usr/sbin/exim4';

export interface MailPart { headers: Map<string, string>; body: Buffer; filename: string | null; type: string }
export interface Mail { headers: Map<string, string>; parts: MailPart[] }

export interface EximServer {
  port: number;
  smtpUrl: string;
  daemon: Daemon;
  /** exim's message_size_limit ('50M' at start): read by exim for each message, no restart. */
  setSizeLimit(limit: string): void;
  /** Waits (bounded) until `count` messages are in the Maildir, and parses them, oldest first. */
  messages(count: number): Promise<Mail[]>;
  stop(): Promise<void>;
}

// -C with a file outside TRUSTED_CONFIG_LIST makes exim drop privilege to the caller: the tests
// run as root, so it stays root. Deliveries never run as root (exim's compiled-in
// fixed_never_users): the Maildir belongs to nobody, who delivers.
// message_size_limit is expanded for each message (exim's spec, "main options"): a file the test rewrites.
// TLS (exim4-daemon-light is built with GnuTLS) only when a certificate is given: nodemailer takes an
// offered STARTTLS, and the other tests talk plain text.
function eximConfig(dir: string, tls?: EximTls): string {
  return `primary_hostname = mail.hostsnap.test
domainlist local_domains = *
spool_directory = ${dir}/spool
log_file_path = ${dir}/log/%slog
pid_file_path = ${dir}/exim.pid
keep_environment =
${tls ? `tls_advertise_hosts = *\ntls_certificate = ${tls.certificate}\ntls_privatekey = ${tls.privateKey}` : 'tls_advertise_hosts ='}
exim_user = root
exim_group = root
never_users =
acl_smtp_rcpt = accept_all
message_size_limit = \${readfile{${dir}/size-limit}}
begin acl
accept_all:
  accept
begin routers
everyone:
  driver = accept
  transport = maildir
begin transports
maildir:
  driver = appendfile
  directory = ${dir}/Maildir
  maildir_format
  user = nobody
  group = nogroup
  mode = 0600
`;
}

/**
 * Exim names a Maildir file `SECONDS.M<microseconds>P<pid>.HOST` (seen: `1796149065.M457784P9282.mail.hostsnap.test`),
 * its microseconds not zero-padded: as text, a delivery at .M95123 sorts after one at .M123456 of the
 * same second (a test reading "the newest" got the one before, once). Ordered by the two numbers.
 */
function byDelivery(a: string, b: string): number {
  const key = (name: string): [number, number] => {
    const m = /^(\d+)\.[A-Z](\d+)P/.exec(name);
    return m ? [Number(m[1]), Number(m[2])] : [Infinity, Infinity];
  };
  const [x, y] = [key(a), key(b)];
  return x[0] - y[0] || x[1] - y[1] || (a < b ? -1 : a > b ? 1 : 0);
}

/** A certificate and its key (PEM files) for STARTTLS. */
export interface EximTls { certificate: string; privateKey: string }

export async function startExim(options: { tls?: EximTls } = {}): Promise<EximServer> {
  ensurePackages({ [EXIM]: 'exim4-daemon-light' });
  const dir = mkdtempSync(join(tmpdir(), 'hostsnap-exim-'));
  try {
    for (const sub of ['spool', 'log', 'Maildir']) mkdirSync(join(dir, sub));
    const nobody = Number(readFileSync('/etc/passwd', 'utf8').match(/^nobody:[^:]*:(\d+):(\d+):/m)?.[1] ?? 65534);
    chownSync(join(dir, 'Maildir'), nobody, nobody);
    chmodSync(dir, 0o711); // mkdtemp's 0700 would stop nobody on the way to the Maildir
    const setSizeLimit = (limit: string): void => writeFileSync(join(dir, 'size-limit'), limit);
    setSizeLimit('50M');
    writeFileSync(join(dir, 'exim.conf'), eximConfig(dir, options.tls));
    const port = await freePort();
    // -bdf: the daemon in the foreground (our child, stopped by its pid); -oX: only 127.0.0.1 on this port.
    const daemon = await startDaemon([EXIM, '-C', join(dir, 'exim.conf'), '-bdf', '-oX', `127.0.0.1.${port}`], { port, readyMs: 30_000 });
    const messages = async (count: number): Promise<Mail[]> => {
      const folder = join(dir, 'Maildir', 'new');
      for (let i = 0; i < 300; i++) {
        let names: string[] = [];
        try { names = readdirSync(folder).sort(byDelivery); } catch { /* not created before the first delivery */ }
        if (names.length >= count) return names.map((n) => parseMail(readFileSync(join(folder, n))));
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`fewer than ${count} message(s) delivered in 30 s; exim's log:\n${readdirSync(join(dir, 'log')).map((f) => readFileSync(join(dir, 'log', f), 'utf8')).join('\n')}`);
    };
    return {
      port, smtpUrl: `smtp://127.0.0.1:${port}`, daemon, messages, setSizeLimit,
      stop: async () => { await daemon.stop(); rmSync(dir, { recursive: true, force: true }); },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Headers (unfolded, lower-case names) and the body after the blank line. */
function splitEntity(raw: Buffer): { headers: Map<string, string>; body: Buffer } {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: m ? raw.subarray(m.index + m[0].length) : Buffer.alloc(0) };
}

function param(value: string | undefined, name: string): string | null {
  const m = new RegExp(`${name}="?([^";]+)"?`, 'i').exec(value ?? '');
  return m ? m[1] : null;
}

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'base64') return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (e === 'quoted-printable') {
    const text = body.toString('latin1').replace(/=\r?\n/g, '');
    return Buffer.from(text.replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  }
  return body;
}

/**
 * Just enough MIME for what nodemailer writes (RFC 2045/2046): one multipart/mixed level (or a
 * single part), base64 or quoted-printable bodies, plain filename= parameters.
 */
export function parseMail(raw: Buffer): Mail {
  const { headers, body } = splitEntity(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = param(type, 'boundary');
  const entities = boundary
    ? body.toString('latin1').split(`--${boundary}`).slice(1, -1).map((chunk) => Buffer.from(chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, ''), 'latin1'))
    : [raw];
  const parts = entities.map((entity) => {
    const part = splitEntity(entity);
    const partType = part.headers.get('content-type') ?? 'text/plain';
    return {
      headers: part.headers, type: partType.split(';')[0].trim().toLowerCase(),
      filename: param(part.headers.get('content-disposition'), 'filename') ?? param(partType, 'name'),
      body: decodeBody(part.body, part.headers.get('content-transfer-encoding')),
    };
  });
  return { headers, parts };
}
