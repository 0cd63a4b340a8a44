import { Prisma } from '@/lib/platform/db';
import { hashJoinQuery } from '@/lib/queries/sources/hash-join-query';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { sourceKeyCtes } from '@/lib/queries/sources/source-key-sql';

/** DMARC-failing messages of one source over a window, split by who the mail claimed to be. */
export interface TSourceFailures {
  key: string;
  /** Failing messages whose From is the domain itself. */
  failing: number;
  /** Failing messages whose From is a subdomain (the subdomain policy applies to them). */
  failingSub: number;
  /** Of all of them, what receivers did: quarantined, rejected. */
  quarantined: number;
  rejected: number;
}

/**
 * Per source (the sender map's grouping, same CTEs as listSources): the messages that failed
 * DMARC (neither aligned DKIM nor aligned SPF passed), what an enforcing policy acts on (the
 * wizard's impact preview), and what receivers did with them (the digest's spoofing figures).
 */
export async function listSourceFailures(scope: TDomainScope, domainId: number, domain: string, window: TDayWindow): Promise<TSourceFailures[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const suffix = `.${domain}`;
  // Same planner settings as listSources: the CTEs carry no statistics.
  const rows = await hashJoinQuery<{ source_key: string; failing: number; failing_sub: number; quarantined: number; rejected: number }>(Prisma.sql`
      WITH ${sourceKeyCtes(domainId, window)},
      f AS (
        SELECT source_ip,
               coalesce(sum(messages) FILTER (WHERE right(lower(header_from), ${suffix.length}) <> ${suffix}), 0) AS failing,
               coalesce(sum(messages) FILTER (WHERE right(lower(header_from), ${suffix.length}) = ${suffix}), 0) AS failing_sub,
               coalesce(sum(messages) FILTER (WHERE disposition = 'quarantine'), 0) AS quarantined,
               coalesce(sum(messages) FILTER (WHERE disposition = 'reject'), 0) AS rejected
          FROM daily_rollup
         WHERE domain_id = ${domainId} AND day >= ${formatDay(window.start)}::date AND day < ${formatDay(window.end)}::date
           AND NOT (dkim_aligned OR spf_aligned) AND messages > 0
         GROUP BY source_ip
      )
      SELECT m.source_key, sum(f.failing)::float8 AS failing, sum(f.failing_sub)::float8 AS failing_sub,
             sum(f.quarantined)::float8 AS quarantined, sum(f.rejected)::float8 AS rejected
        FROM f JOIN ipmap m USING (source_ip)
       GROUP BY m.source_key
       ORDER BY sum(f.failing + f.failing_sub) DESC, m.source_key`);
  return rows.map((r) => ({ key: r.source_key, failing: r.failing, failingSub: r.failing_sub, quarantined: r.quarantined, rejected: r.rejected }));
}
