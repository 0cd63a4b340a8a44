import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { sourceKeyCtes } from './source-key-sql';

export interface TSourceHit {
  domainId: number;
  domain: string;
  /** The sender map's key (source-key-sql.ts), so the link selects the same source. */
  key: string;
  serviceId: string | null;
  ptrBaseDomain: string | null;
  asn: number | null;
  asName: string | null;
  messages: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** Addresses examined per search: enough for a palette, bounded at any data size. */
const MAX_CANDIDATES = 200;

/**
 * The command palette's source search: sources of the scope's domains in the window whose
 * service (`serviceIds`: catalogue services whose name matched, resolved by the caller), PTR
 * base domain, network name or address matches. Candidate addresses come from the window's
 * rollups joined to their enrichment; their source keys are then computed with the sender
 * map's own CTEs restricted to those addresses, so a hit is exactly the sender map's source.
 */
export async function searchSources(
  scope: TDomainScope,
  query: string,
  options: { window: TDayWindow; serviceIds: string[]; limit: number },
): Promise<TSourceHit[]> {
  if (scope.domainIds.length === 0 || query.length === 0) return [];
  const contains = `%${escapeLike(query.toLowerCase())}%`;
  const prefix = `${escapeLike(query.toLowerCase())}%`;
  const candidates = await prisma().$queryRaw<{ domain_id: number; domain: string; ips: string[] }[]>`
    WITH ips AS (
      SELECT r.domain_id, r.source_ip FROM daily_rollup r
       WHERE r.domain_id = ANY(${scope.domainIds}::int[])
         AND r.day >= ${formatDay(options.window.start)}::date AND r.day < ${formatDay(options.window.end)}::date AND r.messages > 0
       GROUP BY r.domain_id, r.source_ip
    ),
    hits AS (
      (SELECT i.domain_id, i.source_ip FROM ips i LEFT JOIN ip_enrichment e ON e.ip = i.source_ip
        WHERE e.service_id = ANY(${options.serviceIds}::text[]) OR lower(e.ptr_base_domain) LIKE ${contains}
           OR lower(e.as_name) LIKE ${contains} OR ('as' || e.asn::text) LIKE ${prefix} OR host(i.source_ip) LIKE ${prefix}
        LIMIT ${MAX_CANDIDATES})
      UNION
      -- Services recognised by the DKIM or SPF domain that passed for the address (e.g. d=sendgrid.net).
      (SELECT r.domain_id, r.source_ip FROM daily_rollup r JOIN domain_enrichment de ON de.name IN (r.dkim_domain, r.spf_domain)
        WHERE cardinality(${options.serviceIds}::text[]) > 0 AND de.service_id = ANY(${options.serviceIds}::text[])
          AND r.domain_id = ANY(${scope.domainIds}::int[]) AND r.messages > 0
          AND r.day >= ${formatDay(options.window.start)}::date AND r.day < ${formatDay(options.window.end)}::date
        LIMIT ${MAX_CANDIDATES})
    )
    SELECT h.domain_id, d.name AS domain, array_agg(host(h.source_ip)) AS ips
      FROM hits h JOIN domain d ON d.id = h.domain_id GROUP BY h.domain_id, d.name ORDER BY d.name`;
  const found: TSourceHit[] = [];
  for (const c of candidates) {
    const rows = await prisma().$queryRaw<{ source_key: string; service_id: string | null; ptr_base_domain: string | null; asn: number | null; as_name: string | null; m: string }[]>`
      WITH ${sourceKeyCtes(c.domain_id, options.window, c.ips)}
      SELECT m.source_key, min(m.service_id) AS service_id, min(m.ptr_base_domain) AS ptr_base_domain, min(m.asn) AS asn,
             min(m.as_name) AS as_name, sum(i.m)::text AS m
        FROM ipmap m JOIN ips i ON i.source_ip = m.source_ip
       GROUP BY m.source_key ORDER BY sum(i.m) DESC`;
    for (const r of rows) {
      found.push({ domainId: c.domain_id, domain: c.domain, key: r.source_key, serviceId: r.service_id, ptrBaseDomain: r.ptr_base_domain, asn: r.asn, asName: r.as_name, messages: Number(r.m) });
    }
  }
  return found.sort((a, b) => b.messages - a.messages).slice(0, options.limit);
}
