import { Prisma } from '@/lib/platform/db';
import { hashJoinQuery } from '@/lib/queries/sources/hash-join-query';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { sourceKeyCtes } from '@/lib/queries/sources/source-key-sql';

/**
 * The source keys of a domain's mail within a window (the sender map's grouping): "new sources
 * this week" are the week's sources missing from the window before it.
 */
export async function listSourceKeysSeen(scope: TDomainScope, domainId: number, window: TDayWindow): Promise<Set<string>> {
  if (!scope.domainIds.includes(domainId) || window.end <= window.start) return new Set();
  // Same planner settings as listSources: the CTEs carry no statistics.
  const rows = await hashJoinQuery<{ source_key: string }>(Prisma.sql`
      WITH ${sourceKeyCtes(domainId, window)}
      SELECT DISTINCT source_key FROM ipmap`);
  return new Set(rows.map((r) => r.source_key));
}
