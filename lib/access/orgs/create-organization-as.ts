import { z } from 'zod';
import { recordAudit } from '@/lib/platform/audit';
import { prisma, Prisma } from '@/lib/platform/db';
import { ActionError } from '@/lib/access/permissions/errors';
import type { TActor } from '@/lib/access/permissions/scope';
import { freeSlug } from './create-organization';

export const ZOrganizationName = z
  .string()
  .trim()
  .min(2, 'Name the organisation (at least 2 characters).')
  .max(100, 'Use at most 100 characters.')
  // Names are shown everywhere: no control characters or bidi overrides.
  .refine((name) => !/[\p{Cc}\p{Cf}]/u.test(name), 'Use letters, digits, spaces and punctuation only.');

/** Who may create organisations from the UI: instance admins, and owners of an organisation. */
export async function mayCreateOrganization(actor: TActor): Promise<boolean> {
  if (actor.userId === null) return false;
  if (actor.isInstanceAdmin) return true;
  return (await prisma().membership.count({ where: { userId: actor.userId, role: 'owner' } })) > 0;
}

/** A new organisation with the signed-in user as its owner. */
export async function createOrganizationAs(actor: TActor, rawName: string): Promise<{ id: number; name: string }> {
  const name = ZOrganizationName.parse(rawName);
  if (!(await mayCreateOrganization(actor))) throw new ActionError('forbidden', 'Only owners of an organisation can create organisations.');
  let org: { id: number; name: string };
  try {
    org = await prisma().$transaction(async (tx) => {
      const created = await tx.organization.create({ data: { name, slug: await freeSlug(tx, name) }, select: { id: true, name: true } });
      await tx.membership.create({ data: { userId: actor.userId!, organizationId: created.id, role: 'owner' } });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ActionError('conflict', 'That name is taken: choose another.');
    }
    throw error;
  }
  await recordAudit({ organizationId: org.id, actor: { userId: actor.userId, label: actor.label }, action: 'org.created', targetType: 'organization', targetId: org.id, details: { name } });
  return org;
}
