import { Prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';

/**
 * The CTEs that group a domain's sending addresses into sources, shared by the sender-map
 * queries so that a source means the same everywhere:
 *
 *   r       the domain's rollup rows in the window
 *   g       the same with the days collapsed (first_day, last_day, messages; disposition kept)
 *   ips     its addresses, with volume
 *   ipmap   per address: enrichment, the service it belongs to and its source key
 *
 * The service of an address is, by strength of evidence: a published prefix or confirmed PTR
 * of a known service; else the service of the DKIM d= or SPF domain that *passed* for most of
 * its mail (an unverified domain proves nothing; an envelope domain also counts on mail whose
 * aligned DKIM passed); else its network (ASN). The source key is
 * `service:<id>` for a sending service; otherwise `ptr:<base domain>` of a confirmed PTR that
 * names no known network; otherwise `service:<network id>`, `asn:<n>`, or `net:<prefix>` (the address's /24 or /48).
 */
export function sourceKeyCtes(domainId: number, window: TDayWindow): Prisma.Sql {
  return Prisma.sql`
    r AS (
      SELECT source_ip, org_name, day, disposition, dkim_aligned, spf_aligned, dkim_domain, dkim_result,
             spf_domain, spf_result, override_reason, messages
        FROM daily_rollup
       WHERE domain_id = ${domainId} AND day >= ${formatDay(window.start)}::date AND day < ${formatDay(window.end)}::date
         AND messages > 0
    ),
    -- The window's rows with the days collapsed: a steady sender has one row, not one a day,
    -- so everything below works on far fewer rows than the rollup holds.
    g AS (
      SELECT source_ip, org_name, dkim_aligned, spf_aligned, dkim_domain, dkim_result, spf_domain, spf_result,
             override_reason, disposition,
             sum(messages) AS messages, min(day) AS first_day, max(day) AS last_day
        FROM r
       GROUP BY source_ip, org_name, dkim_aligned, spf_aligned, dkim_domain, dkim_result, spf_domain, spf_result,
                override_reason, disposition
    ),
    ips AS (SELECT source_ip, sum(messages) AS m FROM g GROUP BY source_ip),
    sig AS (
      SELECT s.source_ip, s.service_id, s.service_type, sum(s.m) AS m
        FROM (
          SELECT g.source_ip, de.service_id, de.service_type, g.messages AS m
            FROM g JOIN domain_enrichment de ON de.name = g.dkim_domain
           WHERE g.dkim_result = 'pass' AND de.service_id IS NOT NULL AND de.service_type NOT IN ('hosting', 'isp')
          UNION ALL
          -- The envelope domain counts when SPF passed for it, or when the message is provably
          -- ours (aligned DKIM passed): then the envelope names the service that relayed it.
          SELECT g.source_ip, de.service_id, de.service_type, g.messages
            FROM g JOIN domain_enrichment de ON de.name = g.spf_domain
           WHERE (g.spf_result = 'pass' OR g.dkim_aligned) AND de.service_id IS NOT NULL AND de.service_type NOT IN ('hosting', 'isp')
        ) s
       GROUP BY s.source_ip, s.service_id, s.service_type
    ),
    sig_best AS (
      SELECT DISTINCT ON (source_ip) source_ip, service_id, service_type FROM sig ORDER BY source_ip, m DESC, service_id
    ),
    ipmap AS (
      SELECT i.source_ip, e.ptr, coalesce(e.ptr_confirmed, false) AS ptr_confirmed, e.ptr_base_domain,
             coalesce(e.ptr_status::text, 'unknown') AS ptr_status, e.asn, e.as_name, e.country,
             svc.service_id, svc.service_type, svc.matched_by,
             CASE
               WHEN svc.service_id IS NOT NULL AND svc.service_type NOT IN ('hosting', 'isp') THEN 'service:' || svc.service_id
               WHEN e.ptr_confirmed AND e.ptr_base_domain IS NOT NULL AND e.matched_by IS DISTINCT FROM 'ptr' THEN 'ptr:' || e.ptr_base_domain
               WHEN svc.service_id IS NOT NULL THEN 'service:' || svc.service_id
               WHEN e.asn IS NOT NULL THEN 'asn:' || e.asn
               -- Unrouted or unknown space: neighbours in a /24 (IPv6: /48) are one operator.
               ELSE 'net:' || network(set_masklen(i.source_ip, CASE family(i.source_ip) WHEN 4 THEN 24 ELSE 48 END))::text
             END AS source_key
        FROM ips i
        LEFT JOIN ip_enrichment e ON e.ip = i.source_ip
        LEFT JOIN sig_best sb ON sb.source_ip = i.source_ip
        CROSS JOIN LATERAL (
          SELECT CASE WHEN e.matched_by IN ('prefix', 'ptr') THEN e.service_id ELSE coalesce(sb.service_id, e.service_id) END AS service_id,
                 CASE WHEN e.matched_by IN ('prefix', 'ptr') THEN e.service_type ELSE coalesce(sb.service_type, e.service_type) END AS service_type,
                 CASE WHEN e.matched_by IN ('prefix', 'ptr') THEN e.matched_by
                      WHEN sb.service_id IS NOT NULL THEN 'auth-domain'
                      ELSE e.matched_by END AS matched_by
        ) svc
    )`;
}
