import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';
import { ZSelector } from '@/lib/dns';

/**
 * DKIM selectors that signed mail as `domain` (d= the domain itself) in its reports of the
 * last `days` days, most used first. Report contents come from anyone who can mail a rua
 * address: selectors that are not DNS labels are dropped.
 */
export async function listReportSelectors(scope: TDomainScope, domain: string, options: { days?: number; limit?: number; now?: Date } = {}): Promise<string[]> {
  const since = new Date((options.now ?? new Date()).getTime() - (options.days ?? 30) * 86_400_000);
  const rows = await prisma().$queryRaw<{ selector: string }[]>`
    SELECT lower(d->>'selector') AS selector
    FROM report r
    -- report_day = the report's UTC begin day: the records' partition (pruned per report).
    JOIN report_record rr ON rr.report_day = (r.begin_at AT TIME ZONE 'UTC')::date AND rr.report_id = r.id
    CROSS JOIN LATERAL jsonb_array_elements(rr.dkim) d
    WHERE r.policy_domain = ${domain} AND r.domain_id = ANY(${[...scope.domainIds]}::int[]) AND r.end_at >= ${since}
      AND lower(d->>'domain') = ${domain} AND coalesce(d->>'selector', '') <> ''
    GROUP BY 1
    ORDER BY sum(rr.count) DESC
    LIMIT ${options.limit ?? 20}`;
  return rows.map((r) => ZSelector.safeParse(r.selector)).flatMap((p) => (p.success ? [p.data] : []));
}
