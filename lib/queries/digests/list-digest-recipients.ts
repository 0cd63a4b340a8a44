import { prisma } from '@/lib/platform/db';
import { normaliseEmail } from './normalise-email';
import type { TAccessScope } from '@/lib/access';

export interface TDigestRecipient {
  id: number;
  email: string;
  name: string | null;
}

/**
 * Users who belong to an organisation of the scope (the scheduler passes the operator's), by
 * id; `email` or `userId` narrows it to one (`atlas digest send --user`). Digests go to members only.
 */
export async function listDigestRecipients(scope: Pick<TAccessScope, 'organizationIds'>, options: { email?: string; userId?: number } = {}): Promise<TDigestRecipient[]> {
  if (scope.organizationIds.length === 0) return [];
  return prisma().user.findMany({
    where: {
      memberships: { some: { organizationId: { in: scope.organizationIds } } },
      ...(options.email ? { email: normaliseEmail(options.email) } : {}),
      ...(options.userId ? { id: options.userId } : {}),
    },
    select: { id: true, email: true, name: true },
    orderBy: { id: 'asc' },
  });
}
