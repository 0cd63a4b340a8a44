import { prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { sourceKeyCtes } from '@/lib/queries/sources/source-key-sql';

/** A source's DMARC-failing mail over a window, and what receivers did with it. */
export interface TSourceFailures {
  failing: number;
  quarantined: number;
  rejected: number;
}

/** Per source key of a domain: failing messages and their dispositions (for the spoofing figures). */
export async function listSourceFailures(scope: TDomainScope, domainId: number, window: TDayWindow): Promise<Map<string, TSourceFailures>> {
  if (!scope.domainIds.includes(domainId)) return new Map();
  const rows = await prisma().$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL enable_nestloop = off`;
    return tx.$queryRaw<{ source_key: string; failing: number; quarantined: number; rejected: number }[]>`
      WITH ${sourceKeyCtes(domainId, window)}
      SELECT m.source_key,
             coalesce(sum(r.messages), 0)::float8 AS failing,
             coalesce(sum(r.messages) FILTER (WHERE r.disposition = 'quarantine'), 0)::float8 AS quarantined,
             coalesce(sum(r.messages) FILTER (WHERE r.disposition = 'reject'), 0)::float8 AS rejected
        FROM r JOIN ipmap m USING (source_ip)
       WHERE NOT (r.dkim_aligned OR r.spf_aligned)
       GROUP BY m.source_key`;
  }, { timeout: 120_000 });
  return new Map(rows.map((r) => [r.source_key, { failing: r.failing, quarantined: r.quarantined, rejected: r.rejected }]));
}
