// One attach: written files -> the bundle each system can take -> RT, Redmine or mail.
import type { AttachConfig } from './config.js';
import { buildBundle } from './bundle.js';
import { AttachError } from './error.js';
import { sendMail } from './mail.js';
import { attachToRedmine, type OnUploaded } from './redmine.js';
import { attachToRt } from './rt.js';
import { rtFileLimit } from './rt-limit.js';
import { describeTarget, type AttachTarget } from './target.js';

export interface AttachOutcome {
  /** Where it went: the ticket's page, or the mail's recipient and Message-ID. */
  where: string;
  sent: string[];
  dropped: string[];
}

function missing(system: string, variables: string): AttachError {
  return new AttachError(system, 'config', `no ${system} configured`, { expected: `a ${system} section in the config file, or ${variables}`, found: 'none' });
}

/** The system the target names must be configured: checked before any host is collected. */
export function checkConfigured(target: AttachTarget, config: AttachConfig): void {
  if (target.system === 'rt' && !config.rt) throw missing('rt', 'HOSTSNAP_RT_URL');
  if (target.system === 'redmine' && !config.redmine) throw missing('redmine', 'HOSTSNAP_REDMINE_URL');
  if (target.system === 'mail' && !config.mail) throw missing('mail', 'HOSTSNAP_SMTP_URL');
}

/**
 * `files` are files hostsnap has written (reports, archive): only what is on disk leaves the
 * machine, so redaction applied when writing applies to what is sent.
 */
export async function attachFiles(files: string[], target: AttachTarget, config: AttachConfig, hooks: { onUploaded?: OnUploaded } = {}): Promise<AttachOutcome> {
  checkConfigured(target, config);
  if (target.system === 'mail') {
    const bundle = await buildBundle(files, { bytes: config.mail!.maxAttachmentBytes, perMessage: true });
    const mailed = await sendMail(config.mail!, target.address, target.ticket, bundle);
    return { where: `${describeTarget(target)}, ${mailed.messageId}`, sent: mailed.sent, dropped: bundle.dropped.map((d) => d.name) };
  }
  const limit = target.system === 'rt'
    ? { bytes: config.rt!.maxAttachmentBytes, forFile: rtFileLimit(config.rt!.maxAttachmentBytes) }
    : { bytes: config.redmine!.maxAttachmentBytes };
  const bundle = await buildBundle(files, limit);
  const done = target.system === 'rt'
    ? await attachToRt(config.rt!, target, bundle)
    : await attachToRedmine(config.redmine!, target, bundle, hooks.onUploaded);
  return { where: done.url, sent: done.sent, dropped: bundle.dropped.map((d) => d.name) };
}
