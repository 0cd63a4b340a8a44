import { decryptSecret } from '@/lib/platform/crypto';
import { prisma } from '@/lib/platform/db';
import { appUrl } from '@/lib/platform/env';
import { log } from '@/lib/platform/log';
import { buildWebhook, deliverWebhook, sendAlertMail, WebhookDeliveryError, type TAlertInput } from '@/lib/notify';

/** The id receivers see (Atlas-Delivery, the mail): stable across retries of the same alert. */
export const alertId = (eventId: bigint): string => `alert-${eventId}`;

export type TDeliveryOutcome = 'sent' | 'already_sent' | 'failed' | 'gone';

/**
 * One attempt at one delivery. Success and permanent failures (a 4xx from a webhook, a webhook
 * since deleted) are final; anything retryable is recorded and thrown, so the job runner tries
 * again with backoff, and marked failed for good on the last attempt (`lastAttempt`).
 */
export async function deliverAlert(deliveryId: bigint, options: { lastAttempt?: boolean } = {}): Promise<TDeliveryOutcome> {
  const delivery = await prisma().alertDelivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, channel: true, target: true, userId: true, webhookId: true, status: true, event: { select: { id: true, payload: true } } },
  });
  if (!delivery) return 'gone';
  if (delivery.status === 'sent') return 'already_sent';
  const alert = { ...(delivery.event.payload as object), id: alertId(delivery.event.id) } as TAlertInput;
  const fail = (error: string, final: boolean) =>
    prisma().alertDelivery.update({ where: { id: deliveryId }, data: { attempts: { increment: 1 }, lastError: error.slice(0, 1000), status: final ? 'failed' : 'pending' } });
  try {
    if (delivery.channel === 'email') {
      await sendAlertMail(alert, { email: delivery.target, userId: delivery.userId }, { settingsPath: '/settings/notifications' });
    } else {
      const webhook = delivery.webhookId ? await prisma().alertWebhook.findUnique({ where: { id: delivery.webhookId }, select: { url: true, format: true, secretEnc: true, enabled: true } }) : null;
      if (!webhook || !webhook.enabled) {
        await fail('The webhook was deleted or disabled.', true);
        return 'gone';
      }
      const payload = buildWebhook(alert, { format: webhook.format === 'slack' ? 'slack' : 'json', baseUrl: appUrl() });
      await deliverWebhook(webhook.url, payload, decryptSecret(webhook.secretEnc));
    }
    await prisma().alertDelivery.update({ where: { id: deliveryId }, data: { status: 'sent', attempts: { increment: 1 }, deliveredAt: new Date(), lastError: null } });
    return 'sent';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retryable = !(error instanceof WebhookDeliveryError) || error.retryable;
    await fail(message, !retryable || options.lastAttempt === true);
    log.warn({ deliveryId: deliveryId.toString(), channel: delivery.channel, retryable, err: error }, 'alert delivery failed');
    if (retryable && !options.lastAttempt) throw error;
    return 'failed';
  }
}
