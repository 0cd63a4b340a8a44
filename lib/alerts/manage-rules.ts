import { z } from 'zod';
import { assertCan, auditActor, ActionError, type TActor } from '@/lib/access';
import { recordAudit } from '@/lib/platform/audit';
import { prisma, type Prisma } from '@/lib/platform/db';
import { latestDnsRecordEventId, latestIngestFileId, latestIpListingEventId } from '@/lib/queries';
import { RULE_PARAMS, ZAlertKind } from './rule-params';

export const ZRuleInput = z.object({
  kind: ZAlertKind,
  params: z.record(z.string(), z.unknown()).default({}),
  domainIds: z.array(z.number().int().positive()).max(1000).default([]),
  emailTo: z.enum(['admins', 'members', 'none']).default('admins'),
  webhookIds: z.array(z.number().int().positive()).max(50).default([]),
  cooldownMinutes: z.number().int().min(0).max(60 * 24 * 30).default(1440),
  enabled: z.boolean().default(true),
});
export type TRuleInput = z.input<typeof ZRuleInput>;

/**
 * Where a new rule's cursors start: now. A rule alerts on what happens after it exists, not on
 * every DNS change, failed file or listing in the database's history.
 */
async function initialState(kind: string): Promise<Prisma.InputJsonObject> {
  if (kind === 'dns_record_changed') return { dnsEventId: (await latestDnsRecordEventId()).toString() };
  if (kind === 'ingest_failures') return { ingestFileId: (await latestIngestFileId()).toString() };
  if (kind === 'ip_blocklisted') return { listingId: (await latestIpListingEventId()).toString() };
  return {};
}

async function validated(actor: TActor, input: TRuleInput) {
  const data = ZRuleInput.parse(input);
  const params = RULE_PARAMS[data.kind].parse(data.params) as Prisma.InputJsonObject;
  const [domains, webhooks] = await Promise.all([
    prisma().domain.findMany({ where: { id: { in: data.domainIds }, organizationId: actor.organizationId }, select: { id: true } }),
    prisma().alertWebhook.findMany({ where: { id: { in: data.webhookIds }, organizationId: actor.organizationId }, select: { id: true } }),
  ]);
  if (domains.length !== new Set(data.domainIds).size) throw new ActionError('invalid', 'A chosen domain is not one of this organisation’s.');
  if (webhooks.length !== new Set(data.webhookIds).size) throw new ActionError('invalid', 'A chosen webhook is not one of this organisation’s.');
  if (data.emailTo === 'none' && data.webhookIds.length === 0) throw new ActionError('invalid', 'Choose who gets the alert: e-mail or at least one webhook.');
  return { ...data, params, domainIds: domains.map((d) => d.id), webhookIds: webhooks.map((w) => w.id) };
}

/** A new rule of the actor's organisation. */
export async function createAlertRule(actor: TActor, input: TRuleInput): Promise<{ id: number }> {
  assertCan(actor, 'alerts.manage');
  const data = await validated(actor, input);
  const rule = await prisma().alertRule.create({ data: { organizationId: actor.organizationId, ...data, state: await initialState(data.kind), createdById: actor.userId }, select: { id: true } });
  await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'alert.rule_created', targetType: 'alert_rule', targetId: rule.id, details: { kind: data.kind } });
  return rule;
}

/** Changes a rule (its kind stays; a different kind is a new rule). */
export async function updateAlertRule(actor: TActor, ruleId: number, input: TRuleInput): Promise<void> {
  assertCan(actor, 'alerts.manage');
  const rule = await prisma().alertRule.findFirst({ where: { id: ruleId, organizationId: actor.organizationId }, select: { id: true, kind: true } });
  if (!rule) throw new ActionError('not_found', 'No such alert rule.');
  const data = await validated(actor, { ...input, kind: ZAlertKind.parse(rule.kind) });
  const { kind: _kind, ...update } = data;
  await prisma().alertRule.update({ where: { id: rule.id }, data: update });
  await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'alert.rule_updated', targetType: 'alert_rule', targetId: rule.id, details: { kind: rule.kind, enabled: data.enabled } });
}

export async function deleteAlertRule(actor: TActor, ruleId: number): Promise<void> {
  assertCan(actor, 'alerts.manage');
  const rule = await prisma().alertRule.findFirst({ where: { id: ruleId, organizationId: actor.organizationId }, select: { id: true, kind: true } });
  if (!rule) throw new ActionError('not_found', 'No such alert rule.');
  await prisma().alertRule.delete({ where: { id: rule.id } });
  await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'alert.rule_deleted', targetType: 'alert_rule', targetId: rule.id, details: { kind: rule.kind } });
}
