import { z } from 'zod';
import { recordAudit } from '@/lib/platform/audit';
import { hashPassword } from '@/lib/access/auth/password';
import { ZEmail, ZPassword } from '@/lib/access/auth/password-policy';
import { prisma } from '@/lib/platform/db';
import { findOrCreateOrganization } from '@/lib/access/orgs/create-organization';

export const ZFirstOwner = z.object({
  email: ZEmail,
  password: ZPassword,
  name: z.string().trim().max(200).optional(),
  organization: z.string().trim().min(1, 'Name your organisation.').max(200),
});

export class SetupClosedError extends Error {
  constructor() {
    super('Setup is closed: this instance already has users. Sign in, or ask an owner for an invitation.');
  }
}

/** True while the instance has no user: the setup page is open. */
export async function setupOpen(): Promise<boolean> {
  return (await prisma().user.count()) === 0;
}

/**
 * The first owner (instance admin) and their organisation. Serialised with an advisory lock,
 * so two people racing through the setup page can't both become the first owner.
 */
export async function createFirstOwner(input: z.input<typeof ZFirstOwner>): Promise<{ userId: number; organizationId: number }> {
  const data = ZFirstOwner.parse(input);
  const passwordHash = await hashPassword(data.password);
  const created = await prisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('atlas:first-owner'))`;
    if ((await tx.user.count()) > 0) throw new SetupClosedError();
    const org = await findOrCreateOrganization(data.organization, tx);
    const user = await tx.user.create({
      data: { email: data.email, name: data.name || null, passwordHash, isInstanceAdmin: true },
      select: { id: true },
    });
    await tx.membership.create({ data: { userId: user.id, organizationId: org.id, role: 'owner' } });
    return { userId: user.id, organizationId: org.id };
  });
  await recordAudit({ organizationId: created.organizationId, actor: { userId: created.userId, label: data.email }, action: 'user.created', targetType: 'user', targetId: created.userId, details: { email: data.email, role: 'owner', via: 'setup' } });
  return created;
}
