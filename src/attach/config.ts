// Ticket systems and their credentials: a YAML file readable by its owner only, or the environment; never argv.
import { stat, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MiB } from '../format/numbers.js';
import { AttachError } from './error.js';

/** Shared by every system: how long to wait for an answer, and an extra CA to trust (internal CAs). */
interface Common { caFile?: string; timeoutSeconds: number }
export interface RtConfig extends Common { url: string; token?: string; user?: string; password?: string; maxAttachmentBytes: number }
export interface RedmineConfig extends Common { url: string; key: string; maxAttachmentBytes: number; markup: 'textile' | 'markdown' | 'common_mark' }
export interface MailConfig extends Common { smtp: string; from: string; maxAttachmentBytes: number; ticketTag?: string }
export interface AttachConfig { rt?: RtConfig; redmine?: RedmineConfig; mail?: MailConfig }

export const DEFAULT_CONFIG = join(homedir(), '.config', 'hostsnap', 'config.yaml');
// RT 5's $MaxAttachmentSize default is 10 MiB; Redmine's attachment_max_size default is 5 MiB
// (5120 KiB); mail servers commonly take 10 MiB per message, and base64 adds a third.
const DEFAULT_MAX = { rt: 10 * MiB, redmine: 5 * MiB, mail: 7 * MiB };

type Raw = Record<string, unknown>;

function section(raw: Raw, name: string): Raw {
  const value = raw[name];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function number(value: unknown, fallback: number): number {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** The file's sections with the environment laid over them (HOSTSNAP_*: the names). */
export function buildConfig(raw: Raw, env: NodeJS.ProcessEnv): AttachConfig {
  const rt = section(raw, 'rt');
  const redmine = section(raw, 'redmine');
  const mail = section(raw, 'mail');
  const common = (s: Raw): Common => ({
    caFile: text(env.HOSTSNAP_CA_FILE) ?? text(s.caFile) ?? text(raw.caFile),
    timeoutSeconds: number(s.timeoutSeconds, number(raw.timeoutSeconds, 30)),
  });
  const config: AttachConfig = {};
  const rtUrl = text(env.HOSTSNAP_RT_URL) ?? text(rt.url);
  if (rtUrl) {
    config.rt = {
      ...common(rt), url: rtUrl,
      token: text(env.HOSTSNAP_RT_TOKEN) ?? text(rt.token),
      user: text(env.HOSTSNAP_RT_USER) ?? text(rt.user),
      password: text(env.HOSTSNAP_RT_PASSWORD) ?? text(rt.password),
      maxAttachmentBytes: number(rt.maxAttachmentBytes, DEFAULT_MAX.rt),
    };
  }
  const redmineUrl = text(env.HOSTSNAP_REDMINE_URL) ?? text(redmine.url);
  if (redmineUrl) {
    const markup = text(redmine.markup) ?? 'textile'; // Redmine's own default text formatting
    config.redmine = {
      ...common(redmine), url: redmineUrl, key: text(env.HOSTSNAP_REDMINE_KEY) ?? text(redmine.key) ?? '',
      maxAttachmentBytes: number(redmine.maxAttachmentBytes, DEFAULT_MAX.redmine),
      markup: markup === 'markdown' || markup === 'common_mark' ? markup : 'textile',
    };
  }
  const smtp = text(env.HOSTSNAP_SMTP_URL) ?? text(mail.smtp);
  if (smtp) {
    config.mail = {
      ...common(mail), smtp, from: text(env.HOSTSNAP_MAIL_FROM) ?? text(mail.from) ?? '',
      maxAttachmentBytes: number(mail.maxAttachmentBytes, DEFAULT_MAX.mail),
      ticketTag: text(mail.ticketTag) ?? (rtUrl ? new URL(rtUrl).hostname : undefined),
    };
  }
  return config;
}

/**
 * Reads FILE (the default one may be absent: the environment alone then) and refuses it when
 * group or others may read or write it: it holds tokens and passwords.
 */
export async function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<AttachConfig> {
  const path = file ?? DEFAULT_CONFIG;
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (file === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return buildConfig({}, env);
    throw new AttachError('config', 'config', `cannot read ${path}`, { expected: 'a YAML file', found: (error as Error).message, cause: error });
  }
  if ((info.mode & 0o077) !== 0) {
    throw new AttachError('config', 'config', `${path} is readable or writable by others: refused (it holds credentials)`, {
      expected: `mode 0600 (chmod 600 ${path})`, found: `mode 0${(info.mode & 0o777).toString(8)}`,
    });
  }
  let raw: unknown;
  try {
    raw = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new AttachError('config', 'config', `${path} is not valid YAML`, { expected: 'rt:, redmine:, mail: sections', found: (error as Error).message.split('\n')[0], cause: error });
  }
  return buildConfig(raw && typeof raw === 'object' ? (raw as Raw) : {}, env);
}
