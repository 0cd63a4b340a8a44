import { z } from 'zod';
import { appUrl } from '@/lib/platform/env';
import { log } from '@/lib/platform/log';
import { sendMail } from '@/lib/platform/mail';
import { ZDigest, type TDigestInput } from './digest/digest-schema';
import { renderDigest } from './digest/render-digest';
import { listUnsubscribeHeaders, unsubscribeUrl } from './unsubscribe/unsubscribe-link';

// Sends one user's digest over ATLAS_SMTP_URL. Whether it was already sent this week is the
// scheduler's business (one job per user and week); this is one delivery attempt, and it
// throws on SMTP errors so the job runner retries.

export const ZSendOptions = z.object({
  /** Public URL of the dashboard; ATLAS_URL by default. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** An address that acts on "unsubscribe <token>" mails, for List-Unsubscribe's mailto: form. */
  unsubscribeMailto: z.email().nullable().optional(),
});
export type TSendOptions = z.input<typeof ZSendOptions>;

/** Headers of every automatic mail: no out-of-office replies to it (RFC 3834, Exchange). */
export const AUTOMATED_HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

export async function sendDigest(input: TDigestInput, options: TSendOptions = {}): Promise<{ messageId: string; subject: string }> {
  const digest = ZDigest.parse(input);
  const { baseUrl = appUrl(), unsubscribeMailto } = ZSendOptions.parse(options);
  const unsubscribe = unsubscribeUrl(baseUrl, digest.user.id, 'digest');
  const mail = await renderDigest(digest, { baseUrl, unsubscribeUrl: unsubscribe });
  const { messageId } = await sendMail({
    to: digest.user.email,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { ...AUTOMATED_HEADERS, ...listUnsubscribeHeaders(unsubscribe, unsubscribeMailto) },
  });
  log.info({ userId: digest.user.id, week: digest.week.from, domains: digest.domains.length, messageId }, 'weekly digest sent');
  return { messageId, subject: mail.subject };
}
