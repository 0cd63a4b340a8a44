import { Prisma, prisma } from '@/lib/platform/db';
import { ZAlert, describeAlert } from '@/lib/notify';
import type { TCandidate } from './rules/types';

export type TRecorded = { eventId: bigint; status: 'sent' | 'suppressed' } | null;

/**
 * Stores one candidate of a rule, once: nothing when the rule already has this event (however
 * often re-evaluated), 'suppressed' when the same condition was delivered within the rule's
 * cooldown, else 'sent' (the caller queues its deliveries). One transaction under a lock per
 * rule, so concurrent evaluations cannot both deliver.
 */
export async function recordEvent(rule: { id: number; organizationId: number; organizationName: string; cooldownMinutes: number }, candidate: TCandidate, now: Date = new Date()): Promise<TRecorded> {
  // Validated (and cleaned) before it is stored: delivery renders exactly what was checked here.
  const alert = ZAlert.parse({ ...candidate.alert, id: 'pending', organization: { id: rule.organizationId, name: rule.organizationName } });
  const { severity, title } = describeAlert(alert);
  const { id: _id, ...payload } = alert;
  return prisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('alert_rule'), ${rule.id})`;
    const existing = await tx.alertEvent.findUnique({ where: { ruleId_dedupeKey: { ruleId: rule.id, dedupeKey: candidate.dedupeKey } }, select: { id: true } });
    if (existing) return null;
    const recent = await tx.alertEvent.findFirst({
      where: { ruleId: rule.id, conditionKey: candidate.conditionKey, status: 'sent', createdAt: { gt: new Date(now.getTime() - rule.cooldownMinutes * 60_000) } },
      select: { id: true },
    });
    const status = recent ? 'suppressed' : 'sent';
    const event = await tx.alertEvent.create({
      data: {
        organizationId: rule.organizationId,
        ruleId: rule.id,
        kind: alert.kind,
        domainId: candidate.domainId,
        dedupeKey: candidate.dedupeKey,
        conditionKey: candidate.conditionKey,
        status,
        severity,
        title,
        payload: JSON.parse(JSON.stringify(payload)) as Prisma.InputJsonObject,
        occurredAt: alert.occurredAt,
        // The evaluation's time (not the clock's): the cooldown compares evaluation times.
        createdAt: now,
      },
      select: { id: true },
    });
    return { eventId: event.id, status };
  });
}
