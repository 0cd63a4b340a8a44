import { prisma } from '@/lib/platform/db';

export interface TIngestFailure {
  id: bigint;
  name: string;
  error: string;
  createdAt: Date;
}

/**
 * Inputs that failed to import after `afterId` (oldest first): those read from the
 * organisation's own mailboxes, plus, with `includeUnowned`, the instance's (environment
 * mailboxes, CLI, uploads), which only the operator's organisation should hear about.
 */
export async function listIngestFailures(organizationId: number, afterId: bigint, options: { includeUnowned: boolean; limit?: number }): Promise<TIngestFailure[]> {
  const rows = await prisma().ingestFile.findMany({
    where: {
      id: { gt: afterId },
      OR: [{ status: 'failed' }, { status: 'partial', failedParts: { gt: 0 } }],
      AND: [
        {
          OR: [
            { mailbox: { organizationId } },
            ...(options.includeUnowned ? [{ mailboxId: null }, { mailbox: { organizationId: null } }] : []),
          ],
        },
      ],
    },
    select: { id: true, name: true, error: true, createdAt: true },
    orderBy: { id: 'asc' },
    take: options.limit ?? 500,
  });
  return rows.map((r) => ({ id: r.id, name: r.name, error: r.error ?? 'failed', createdAt: r.createdAt }));
}

/** The newest input id (a new rule starts after it: it does not alert on old failures). */
export async function latestIngestFileId(): Promise<bigint> {
  return (await prisma().ingestFile.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0n;
}

/** Whether an instance administrator belongs to the organisation (the operator's own). */
export async function organizationHasInstanceAdmin(organizationId: number): Promise<boolean> {
  return (await prisma().membership.count({ where: { organizationId, user: { isInstanceAdmin: true } } })) > 0;
}
