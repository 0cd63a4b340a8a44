import { prisma } from '@/lib/platform/db';
import { attachSetAsideReports } from '@/lib/ingest';

export class AddDomainError extends Error {}

export interface TAddedDomain {
  domainId: number;
  name: string;
  organization: string;
  /** False when the organisation already had it (the call is idempotent). */
  created: boolean;
  /** Set-aside reports attached to it now. */
  attached: number;
}

/**
 * An operator's claim (CLI): the domain becomes the organisation's without DNS proof, and
 * the reports set aside for it are attached and rolled up. `name` must be normalised
 * (ZDomainName). A domain owned by another organisation is refused.
 */
export async function addDomainToOrganization(name: string, organizationName: string): Promise<TAddedDomain> {
  const db = prisma();
  const org = await db.organization.findUnique({ where: { name: organizationName }, select: { id: true, name: true } });
  if (!org) throw new AddDomainError(`There is no organisation named "${organizationName}" (create it with: atlas org create "${organizationName}").`);
  const existing = await db.domain.findUnique({ where: { name }, select: { id: true, organizationId: true } });
  if (existing && existing.organizationId !== org.id) throw new AddDomainError(`${name} already belongs to another organisation.`);
  const domain = existing ?? (await db.domain.create({ data: { name, organizationId: org.id, verification: 'admin' }, select: { id: true, organizationId: true } }));
  const attached = await attachSetAsideReports(domain.id);
  return { domainId: domain.id, name, organization: org.name, created: !existing, attached };
}
