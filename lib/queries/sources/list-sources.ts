import { prisma } from '@/lib/db/prisma';
import { sourceKeyCtes } from './source-key-sql';
import { dayText, type TDomainScope, type TSourceWindow } from './source-scope';

export interface TAuthDomainVolume {
  domain: string;
  messages: number;
  /** Messages for which this domain's DKIM signature / SPF check passed. */
  pass: number;
  /** Messages for which it passed and aligned with the From domain. */
  aligned: number;
}

/** One sending source of a domain over a window: the sender map's row, before any verdict. */
export interface TSourceStats {
  key: string;
  serviceId: string | null;
  serviceType: string | null;
  /** How the service was recognised: prefix | ptr | asn | as-name | auth-domain. */
  matchedBy: string | null;
  ptrBaseDomain: string | null;
  asn: number | null;
  asName: string | null;
  country: string | null;
  addresses: number;
  /** Addresses whose reverse DNS has not been looked up yet. */
  pendingAddresses: number;
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  /** Failing messages the reporter excused as forwarded / mailing list / trusted forwarder. */
  forwardedFail: number;
  dkimPassUnaligned: number;
  spfPassUnaligned: number;
  /** Messages the receivers quarantined or rejected. */
  disposed: number;
  reporters: string[];
  firstDay: string;
  lastDay: string;
  dkimDomains: TAuthDomainVolume[];
  spfDomains: TAuthDomainVolume[];
}

interface TRow {
  source_key: string;
  service_id: string | null;
  service_type: string | null;
  matched_by: string | null;
  ptr_base_domain: string | null;
  asn: number | null;
  as_name: string | null;
  country: string | null;
  addresses: number;
  pending: number;
  messages: number;
  dmarc_pass: number;
  dkim_aligned: number;
  spf_aligned: number;
  forwarded_fail: number;
  dkim_pass_unaligned: number;
  spf_pass_unaligned: number;
  disposed: number;
  reporters: string[];
  first_day: Date;
  last_day: Date;
  dkim_domains: TAuthDomainVolume[] | null;
  spf_domains: TAuthDomainVolume[] | null;
}

/** The sources of one domain over a window, busiest first (rollups joined to the enrichment caches). */
export async function listSources(scope: TDomainScope, domainId: number, window: TSourceWindow): Promise<TSourceStats[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const rows = await prisma().$queryRaw<TRow[]>`
    WITH ${sourceKeyCtes(domainId, window)},
    per_ip AS (
      SELECT m.source_key, m.service_id, m.service_type, m.matched_by, m.ptr_base_domain, m.ptr_confirmed, m.asn, m.as_name,
             m.country, m.ptr_status, i.m
        FROM ipmap m JOIN ips i USING (source_ip)
    ),
    who AS (
      SELECT source_key,
             (array_agg(service_id ORDER BY m DESC) FILTER (WHERE service_id IS NOT NULL))[1] AS service_id,
             (array_agg(service_type ORDER BY m DESC) FILTER (WHERE service_type IS NOT NULL))[1] AS service_type,
             (array_agg(matched_by ORDER BY m DESC) FILTER (WHERE matched_by IS NOT NULL))[1] AS matched_by,
             (array_agg(ptr_base_domain ORDER BY m DESC) FILTER (WHERE ptr_base_domain IS NOT NULL AND ptr_confirmed))[1] AS ptr_base_domain,
             (array_agg(asn ORDER BY m DESC) FILTER (WHERE asn IS NOT NULL))[1] AS asn,
             (array_agg(as_name ORDER BY m DESC) FILTER (WHERE as_name IS NOT NULL))[1] AS as_name,
             (array_agg(country ORDER BY m DESC) FILTER (WHERE country IS NOT NULL))[1] AS country,
             count(*)::int AS addresses,
             count(*) FILTER (WHERE ptr_status IN ('pending', 'unknown'))::int AS pending
        FROM per_ip GROUP BY source_key
    ),
    stats AS (
      SELECT m.source_key,
             sum(r.messages)::float8 AS messages,
             coalesce(sum(r.messages) FILTER (WHERE r.dkim_aligned OR r.spf_aligned), 0)::float8 AS dmarc_pass,
             coalesce(sum(r.messages) FILTER (WHERE r.dkim_aligned), 0)::float8 AS dkim_aligned,
             coalesce(sum(r.messages) FILTER (WHERE r.spf_aligned), 0)::float8 AS spf_aligned,
             coalesce(sum(r.messages) FILTER (WHERE NOT (r.dkim_aligned OR r.spf_aligned)
                        AND r.override_reason IN ('forwarded', 'mailing_list', 'trusted_forwarder')), 0)::float8 AS forwarded_fail,
             coalesce(sum(r.messages) FILTER (WHERE r.dkim_result = 'pass' AND NOT r.dkim_aligned), 0)::float8 AS dkim_pass_unaligned,
             coalesce(sum(r.messages) FILTER (WHERE r.spf_result = 'pass' AND NOT r.spf_aligned), 0)::float8 AS spf_pass_unaligned,
             coalesce(sum(r.messages) FILTER (WHERE r.disposition IN ('quarantine', 'reject')), 0)::float8 AS disposed,
             array_agg(DISTINCT r.org_name ORDER BY r.org_name) AS reporters,
             min(r.day) AS first_day, max(r.day) AS last_day
        FROM r JOIN ipmap m USING (source_ip)
       GROUP BY m.source_key
    ),
    dk AS (
      SELECT m.source_key, r.dkim_domain AS d, sum(r.messages) AS n,
             coalesce(sum(r.messages) FILTER (WHERE r.dkim_result = 'pass'), 0) AS pass,
             coalesce(sum(r.messages) FILTER (WHERE r.dkim_aligned AND r.dkim_result = 'pass'), 0) AS aligned,
             row_number() OVER (PARTITION BY m.source_key ORDER BY sum(r.messages) DESC, r.dkim_domain) AS rn
        FROM r JOIN ipmap m USING (source_ip) WHERE r.dkim_domain <> ''
       GROUP BY m.source_key, r.dkim_domain
    ),
    sp AS (
      SELECT m.source_key, r.spf_domain AS d, sum(r.messages) AS n,
             coalesce(sum(r.messages) FILTER (WHERE r.spf_result = 'pass'), 0) AS pass,
             coalesce(sum(r.messages) FILTER (WHERE r.spf_aligned AND r.spf_result = 'pass'), 0) AS aligned,
             row_number() OVER (PARTITION BY m.source_key ORDER BY sum(r.messages) DESC, r.spf_domain) AS rn
        FROM r JOIN ipmap m USING (source_ip) WHERE r.spf_domain <> ''
       GROUP BY m.source_key, r.spf_domain
    )
    SELECT w.source_key, w.service_id, w.service_type, w.matched_by, w.ptr_base_domain, w.asn, w.as_name, w.country,
           w.addresses, w.pending, s.messages, s.dmarc_pass, s.dkim_aligned, s.spf_aligned, s.forwarded_fail,
           s.dkim_pass_unaligned, s.spf_pass_unaligned, s.disposed, s.reporters, s.first_day, s.last_day,
           (SELECT jsonb_agg(jsonb_build_object('domain', d, 'messages', n, 'pass', pass, 'aligned', aligned) ORDER BY rn)
              FROM dk WHERE dk.source_key = w.source_key AND rn <= 5) AS dkim_domains,
           (SELECT jsonb_agg(jsonb_build_object('domain', d, 'messages', n, 'pass', pass, 'aligned', aligned) ORDER BY rn)
              FROM sp WHERE sp.source_key = w.source_key AND rn <= 5) AS spf_domains
      FROM who w JOIN stats s USING (source_key)
     WHERE ${domainId} = ANY(${[...scope.domainIds]}::int[])
     ORDER BY s.messages DESC, w.source_key`;
  return rows.map((r) => ({
    key: r.source_key,
    serviceId: r.service_id,
    serviceType: r.service_type,
    matchedBy: r.matched_by,
    ptrBaseDomain: r.ptr_base_domain,
    asn: r.asn,
    asName: r.as_name,
    country: r.country,
    addresses: r.addresses,
    pendingAddresses: r.pending,
    messages: r.messages,
    dmarcPass: r.dmarc_pass,
    dkimAligned: r.dkim_aligned,
    spfAligned: r.spf_aligned,
    forwardedFail: r.forwarded_fail,
    dkimPassUnaligned: r.dkim_pass_unaligned,
    spfPassUnaligned: r.spf_pass_unaligned,
    disposed: r.disposed,
    reporters: r.reporters,
    firstDay: dayText(r.first_day),
    lastDay: dayText(r.last_day),
    dkimDomains: (r.dkim_domains ?? []).map(toVolume),
    spfDomains: (r.spf_domains ?? []).map(toVolume),
  }));
}

function toVolume(v: TAuthDomainVolume): TAuthDomainVolume {
  return { domain: v.domain, messages: Number(v.messages), pass: Number(v.pass), aligned: Number(v.aligned) };
}
