import { z } from 'zod';
import { recordAudit, type TAuditActor } from '@/lib/platform/audit';
import { hashPassword } from '@/lib/access/auth/password';
import { ZEmail, ZPassword } from '@/lib/access/auth/password-policy';
import { prisma } from '@/lib/platform/db';
import { findOrCreateOrganization } from '@/lib/access/orgs/create-organization';
import { ZRole } from '@/lib/access/permissions/roles';

export const ZCreateUser = z.object({
  email: ZEmail,
  password: ZPassword.optional(),
  name: z.string().trim().max(200).optional(),
  organization: z.string().trim().min(1).max(200),
  role: ZRole.default('owner'),
  isInstanceAdmin: z.boolean().default(false),
});
export type TCreateUser = z.input<typeof ZCreateUser>;

export class UserExistsError extends Error {}

/**
 * A user and their membership of `organization` (created when missing). An existing address
 * is refused: membership changes go through invitations and the members page.
 */
export async function createUser(input: TCreateUser, actor: TAuditActor | null = null) {
  const data = ZCreateUser.parse(input);
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  const result = await prisma().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new UserExistsError(`A user with the address ${data.email} already exists.`);
    }
    const org = await findOrCreateOrganization(data.organization, tx);
    const user = await tx.user.create({
      data: { email: data.email, name: data.name || null, passwordHash, isInstanceAdmin: data.isInstanceAdmin },
      select: { id: true, email: true },
    });
    await tx.membership.create({ data: { userId: user.id, organizationId: org.id, role: data.role } });
    return { user, org };
  });
  if (result.org.created) {
    await recordAudit({ organizationId: result.org.id, actor, action: 'org.created', targetType: 'organization', targetId: result.org.id, details: { name: result.org.name } });
  }
  await recordAudit({
    organizationId: result.org.id,
    actor,
    action: 'user.created',
    targetType: 'user',
    targetId: result.user.id,
    details: { email: result.user.email, role: data.role },
  });
  return { userId: result.user.id, email: result.user.email, organizationId: result.org.id, organizationName: result.org.name, role: data.role };
}
