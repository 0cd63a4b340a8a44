import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from './scope';

/**
 * The scope of the instance's operator: the CLI runs on the server with the database's
 * credentials, so it may see every organisation and domain. Its reads still go through the
 * query layer with a scope, like a page's or an API token's.
 */
export async function operatorScope(): Promise<TAccessScope> {
  const db = prisma();
  const [organizations, domains] = await Promise.all([db.organization.findMany({ select: { id: true } }), db.domain.findMany({ select: { id: true } })]);
  return { organizationIds: organizations.map((o) => o.id), domainIds: domains.map((d) => d.id) };
}
