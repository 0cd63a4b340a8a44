import { z } from 'zod';
import { ActionError, type TAccessScope } from '@/lib/access';
import { recordAudit } from '@/lib/platform/audit';
import { prisma, type Prisma } from '@/lib/platform/db';
import { evaluateEnforcement, type TEnforcementDomain } from './evaluate-enforcement';
import { gatesSnapshot } from './gates-snapshot';
import { loadDnsCheck } from './load-dns';
import { stageLabel, ZStage, type TStage } from './stages';

export const ZAdvanceInput = z.object({ to: ZStage });

export interface TAdvanceActor {
  userId: number | null;
  /** E-mail address or "cli". */
  label: string;
}

/**
 * A person moves the wizard on: the next stage's gates must hold now. Recorded in the stage
 * history with the gates' figures, and kept as the pending stage until the DNS watch sees its
 * record published. Callers check the 'policy.manage' permission.
 */
export async function advanceStage(scope: TAccessScope, domain: TEnforcementDomain, input: { to: TStage }, actor: TAdvanceActor, options: { asOf?: Date } = {}): Promise<{ record: string }> {
  const { to } = ZAdvanceInput.parse(input);
  const dns = await loadDnsCheck(scope, domain);
  const e = await evaluateEnforcement({ scope, domain, dns, asOf: options.asOf });
  if (e.stage.next !== to) {
    throw new ActionError('conflict', `${domain.name} is at "${stageLabel(e.stage.current, e.settings.testingPct)}" now; reload the page.`);
  }
  if (!e.gatesHold || !e.record) {
    const open = e.gates.filter((g) => !g.met).map((g) => g.label);
    throw new ActionError('conflict', `Not every gate holds yet: ${open.join('; ')}.`);
  }
  const snapshot = gatesSnapshot(e);
  const now = new Date();
  await prisma().$transaction(async (tx) => {
    await tx.enforcementEvent.create({
      data: {
        domainId: domain.id, kind: 'advanced', fromStage: e.stage.current, toStage: to, record: e.record!.value,
        actorUserId: actor.userId, actorLabel: actor.label, gates: snapshot.gates as unknown as Prisma.InputJsonValue, gatesHeld: snapshot.held, createdAt: now,
      },
    });
    await tx.enforcementState.upsert({
      where: { domainId: domain.id },
      create: { domainId: domain.id, stage: e.stage.current, stageSince: now, pendingStage: to, pendingSince: now, pendingByLabel: actor.label },
      update: { pendingStage: to, pendingSince: now, pendingByLabel: actor.label },
    });
    await recordAudit(
      { organizationId: domain.organizationId, actor: { userId: actor.userId, label: actor.label }, action: 'enforcement.advanced', targetType: 'domain', targetId: domain.id, details: { domain: domain.name, from: e.stage.current, to, record: e.record!.value } },
      tx,
    );
  });
  return { record: e.record.value };
}
