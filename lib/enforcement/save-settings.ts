import { recordAudit } from '@/lib/platform/audit';
import { prisma, type Prisma } from '@/lib/platform/db';
import { ZEnforcementSettings, type TEnforcementSettings } from './settings';

/** Stores an organisation's gate thresholds (callers check 'policy.manage'); audited. */
export async function saveEnforcementSettings(organizationId: number, input: unknown, actor: { userId: number | null; label: string }): Promise<TEnforcementSettings> {
  const settings = ZEnforcementSettings.parse(input);
  const data = { ...settings, updatedByLabel: actor.label };
  await prisma().$transaction(async (tx) => {
    await tx.enforcementSettings.upsert({ where: { organizationId }, create: { organizationId, ...data }, update: data });
    await recordAudit({ organizationId, actor, action: 'enforcement.settings_changed', targetType: 'organization', targetId: organizationId, details: settings as unknown as Prisma.InputJsonObject }, tx);
  });
  return settings;
}
