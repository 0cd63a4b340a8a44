import { z } from 'zod';
import { prisma } from '@/lib/platform/db';

export const ZSourceKey = z.string().regex(/^(service|ptr|asn|net|ip):[A-Za-z0-9.:/_-]{1,200}$/, 'not a source key');

export const ZSourceDecisionInput = z.object({
  domainId: z.number().int().positive(),
  sourceKey: ZSourceKey,
  decision: z.enum(['approved', 'rejected', 'cleared']),
  label: z.string().trim().max(120).optional().transform((v) => (v ? v : undefined)),
  note: z.string().trim().max(1000).optional().transform((v) => (v ? v : undefined)),
});
export type TSourceDecisionInput = z.input<typeof ZSourceDecisionInput>;

export interface TDecisionActor {
  userId: number | null;
  /** E-mail address, token name or "cli". */
  label: string;
  organizationId: number;
  ip?: string | null;
}

/**
 * Records a user's approval or rejection of a source (or clears it), with who and when on the
 * decision row and an entry in audit_log, in one transaction. Callers check the permission
 * ('sources.approve') and that the domain belongs to the actor's organisation.
 */
export async function decideSource(input: TSourceDecisionInput, actor: TDecisionActor): Promise<void> {
  const data = ZSourceDecisionInput.parse(input);
  await prisma().$transaction(async (tx) => {
    const before = await tx.sourceDecision.findUnique({ where: { domainId_sourceKey: { domainId: data.domainId, sourceKey: data.sourceKey } } });
    if (data.decision === 'cleared') {
      if (before) await tx.sourceDecision.delete({ where: { id: before.id } });
    } else {
      const fields = { decision: data.decision, label: data.label ?? null, note: data.note ?? null, decidedById: actor.userId, decidedByLabel: actor.label, decidedAt: new Date() };
      await tx.sourceDecision.upsert({
        where: { domainId_sourceKey: { domainId: data.domainId, sourceKey: data.sourceKey } },
        create: { domainId: data.domainId, sourceKey: data.sourceKey, ...fields },
        update: fields,
      });
    }
    await tx.auditLog.create({
      data: {
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        actorLabel: actor.label,
        action: `source.${data.decision}`,
        targetType: 'source',
        targetId: `${data.domainId}/${data.sourceKey}`,
        details: { domainId: data.domainId, sourceKey: data.sourceKey, label: data.label ?? null, note: data.note ?? null, previous: before?.decision ?? null },
        ip: actor.ip ?? null,
      },
    });
  });
}
