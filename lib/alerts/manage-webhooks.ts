import { z } from 'zod';
import { assertCan, auditActor, ActionError, type TActor } from '@/lib/access';
import { recordAudit } from '@/lib/platform/audit';
import { encryptSecret } from '@/lib/platform/crypto';
import { prisma } from '@/lib/platform/db';
import { generateWebhookSecret } from '@/lib/notify';

export const ZWebhookInput = z.object({
  name: z.string().trim().min(1, 'Give the webhook a name.').max(80),
  // Plain http only for hosts that are obviously internal would be guesswork: both are allowed,
  // and the docs recommend https (the body is signed, not encrypted).
  url: z.url({ protocol: /^https?$/, message: 'Enter an http(s) URL.' }).max(2000),
  format: z.enum(['json', 'slack']),
});

/** Adds a webhook; the signing secret is returned once and stored encrypted. */
export async function createWebhook(actor: TActor, input: z.input<typeof ZWebhookInput>): Promise<{ id: number; secret: string }> {
  assertCan(actor, 'alerts.manage');
  const data = ZWebhookInput.parse(input);
  const clash = await prisma().alertWebhook.findUnique({ where: { organizationId_name: { organizationId: actor.organizationId, name: data.name } }, select: { id: true } });
  if (clash) throw new ActionError('conflict', `A webhook named “${data.name}” exists already.`);
  const secret = generateWebhookSecret();
  const webhook = await prisma().alertWebhook.create({ data: { organizationId: actor.organizationId, ...data, secretEnc: encryptSecret(secret) }, select: { id: true } });
  await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'alert.webhook_created', targetType: 'alert_webhook', targetId: webhook.id, details: { name: data.name, format: data.format, origin: new URL(data.url).origin } });
  return { id: webhook.id, secret };
}

/** Removes a webhook of the actor's organisation (and from every rule that named it). */
export async function deleteWebhook(actor: TActor, webhookId: number): Promise<void> {
  assertCan(actor, 'alerts.manage');
  const webhook = await prisma().alertWebhook.findFirst({ where: { id: webhookId, organizationId: actor.organizationId }, select: { id: true, name: true } });
  if (!webhook) throw new ActionError('not_found', 'No such webhook.');
  await prisma().$transaction([
    prisma().$executeRaw`UPDATE alert_rule SET webhook_ids = array_remove(webhook_ids, ${webhook.id}) WHERE organization_id = ${actor.organizationId}`,
    prisma().alertWebhook.delete({ where: { id: webhook.id } }),
  ]);
  await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'alert.webhook_deleted', targetType: 'alert_webhook', targetId: webhook.id, details: { name: webhook.name } });
}
