import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { readThrough } from '@/lib/queries/snapshots/read-through';

export interface TCountryVolume {
  /** ISO 3166-1 alpha-2 from the offline country data, or null when unknown (not enriched, private). */
  country: string | null;
  messages: number;
  dmarcPass: number;
  addresses: number;
}

interface TRow {
  country: string | null;
  messages: number;
  dmarc_pass: number;
  addresses: number;
}

/**
 * A domain's mail by the country of its sending addresses (daily_rollup joined per address to
 * ip_enrichment), busiest first. With `failures`, only mail that failed DMARC.
 */
export async function listDomainCountries(scope: TDomainScope, domainId: number, window: TDayWindow, failures = false): Promise<TCountryVolume[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  return readThrough({ domainId, query: 'domain-countries.v1', window, args: { failures }, enrichment: true }, () => computeDomainCountries(domainId, window, failures));
}

async function computeDomainCountries(domainId: number, window: TDayWindow, failures: boolean): Promise<TCountryVolume[]> {
  const rows = await prisma().$queryRaw<TRow[]>`
    WITH ips AS (
      SELECT source_ip, sum(messages) AS messages, coalesce(sum(messages) FILTER (WHERE dkim_aligned OR spf_aligned), 0) AS dmarc_pass
        FROM daily_rollup
       WHERE domain_id = ${domainId} AND day >= ${formatDay(window.start)}::date AND day < ${formatDay(window.end)}::date
         AND (NOT ${failures}::boolean OR NOT (dkim_aligned OR spf_aligned))
       GROUP BY source_ip
      HAVING sum(messages) > 0
    )
    SELECT e.country, sum(i.messages)::float8 AS messages, sum(i.dmarc_pass)::float8 AS dmarc_pass, count(*)::int AS addresses
      FROM ips i LEFT JOIN ip_enrichment e ON e.ip = i.source_ip
     GROUP BY e.country
     ORDER BY sum(i.messages) DESC, e.country`;
  return rows.map((r) => ({ country: r.country, messages: r.messages, dmarcPass: r.dmarc_pass, addresses: r.addresses }));
}
