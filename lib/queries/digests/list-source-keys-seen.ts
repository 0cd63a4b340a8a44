import { prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { sourceKeyCtes } from '@/lib/queries/sources/source-key-sql';

/**
 * The source keys of a domain's mail within a window (the sender map's grouping): "new sources
 * this week" are the week's sources missing from the window before it.
 */
export async function listSourceKeysSeen(scope: TDomainScope, domainId: number, window: TDayWindow): Promise<Set<string>> {
  if (!scope.domainIds.includes(domainId) || window.end <= window.start) return new Set();
  const rows = await prisma().$transaction(async (tx) => {
    // Same planner settings as listSources: the CTEs carry no statistics.
    await tx.$executeRaw`SET LOCAL enable_nestloop = off`;
    return tx.$queryRaw<{ source_key: string }[]>`
      WITH ${sourceKeyCtes(domainId, window)}
      SELECT DISTINCT source_key FROM ipmap`;
  }, { timeout: 120_000 });
  return new Set(rows.map((r) => r.source_key));
}
