import { appUrl } from '@/lib/platform/env';
import { log } from '@/lib/platform/log';
import { sendMail } from '@/lib/platform/mail';
import { z } from 'zod';
import { ZAlert, type TAlertInput } from './alerts/alert-schema';
import { renderAlert } from './alerts/render-alert';
import { AUTOMATED_HEADERS, ZSendOptions, type TSendOptions } from './send-digest';
import { listUnsubscribeHeaders, unsubscribeUrl } from './unsubscribe/unsubscribe-link';

const ZRecipient = z.object({
  email: z.email(),
  /** When set, the mail carries a one-click link that turns this user's alert e-mails off. */
  userId: z.number().int().positive().nullable().default(null),
});

/** Sends one alert to one recipient over ATLAS_SMTP_URL; throws on SMTP errors (the job retries). */
export async function sendAlertMail(input: TAlertInput, recipient: z.input<typeof ZRecipient>, options: TSendOptions & { settingsPath?: string } = {}): Promise<{ messageId: string; subject: string }> {
  const alert = ZAlert.parse(input);
  const to = ZRecipient.parse(recipient);
  const { baseUrl = appUrl(), unsubscribeMailto } = ZSendOptions.parse(options);
  const unsubscribe = to.userId ? unsubscribeUrl(baseUrl, to.userId, 'alerts') : null;
  const mail = await renderAlert(alert, { baseUrl, unsubscribeUrl: unsubscribe, settingsPath: options.settingsPath });
  const { messageId } = await sendMail({
    to: to.email,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { ...AUTOMATED_HEADERS, ...(unsubscribe ? listUnsubscribeHeaders(unsubscribe, unsubscribeMailto) : {}) },
  });
  log.info({ alertId: alert.id, kind: alert.kind, userId: to.userId, messageId }, 'alert mail sent');
  return { messageId, subject: mail.subject };
}
