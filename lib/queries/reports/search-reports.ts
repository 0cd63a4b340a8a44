import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

export interface TReportHit {
  id: string;
  domain: string;
  reporter: string;
  reportId: string;
  begin: Date;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The command palette's report search, newest first: a report id pasted whole is found at any
 * age (index report(report_id)); the beginning of one, over reports since `since` (each domain's
 * read from report(domain_id, begin_at), so the cost is bounded by the period).
 */
export async function searchReports(scope: TAccessScope, query: string, options: { since: Date; limit: number }): Promise<TReportHit[]> {
  if (scope.domainIds.length === 0 || query.length === 0) return [];
  const prefix = `${escapeLike(query.toLowerCase())}%`;
  const rows = await prisma().$queryRaw<{ id: string; domain: string; org_name: string; report_id: string; begin_at: Date }[]>`
    SELECT r.id::text, d.name AS domain, r.org_name, r.report_id, r.begin_at
      FROM report r JOIN domain d ON d.id = r.domain_id
     WHERE r.domain_id = ANY(${scope.domainIds}::int[])
       AND (r.report_id = ${query} OR (r.begin_at >= ${options.since} AND lower(r.report_id) LIKE ${prefix}))
     ORDER BY r.begin_at DESC, r.id DESC
     LIMIT ${options.limit}`;
  return rows.map((r) => ({ id: r.id, domain: r.domain, reporter: r.org_name, reportId: r.report_id, begin: r.begin_at }));
}
