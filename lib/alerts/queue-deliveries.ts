import { prisma } from '@/lib/platform/db';
import type { TJobContext } from '@/lib/platform/jobs';
import { listAlertRecipients } from '@/lib/queries';

export const ALERT_DELIVER_QUEUE = 'alert-deliver';

/**
 * One delivery per recipient of a sent alert: the organisation's members by e-mail (as the rule
 * says) and its enabled webhooks that the rule names; each becomes a job that retries alone.
 */
export async function queueDeliveries(
  eventId: bigint,
  rule: { organizationId: number; emailTo: string; webhookIds: number[] },
  domainId: number | null,
  send: TJobContext['send'],
): Promise<number> {
  const recipients = rule.emailTo === 'admins' || rule.emailTo === 'members' ? await listAlertRecipients(rule.organizationId, domainId, rule.emailTo) : [];
  const webhooks = rule.webhookIds.length
    ? await prisma().alertWebhook.findMany({ where: { id: { in: rule.webhookIds }, organizationId: rule.organizationId, enabled: true }, select: { id: true, name: true } })
    : [];
  const rows = [
    ...recipients.map((r) => ({ eventId, channel: 'email', target: r.email, userId: r.userId })),
    ...webhooks.map((w) => ({ eventId, channel: 'webhook', target: w.name, webhookId: w.id })),
  ];
  if (rows.length === 0) return 0;
  const created = await prisma().alertDelivery.createManyAndReturn({ data: rows, select: { id: true } });
  for (const d of created) await send(ALERT_DELIVER_QUEUE, { deliveryId: d.id.toString() }, { singletonKey: d.id.toString() });
  return created.length;
}
