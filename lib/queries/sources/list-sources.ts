import { Prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { readThrough, readThroughMany } from '@/lib/queries/snapshots/read-through';
import { hashJoinQuery } from './hash-join-query';
import { sourceKeyCtes } from './source-key-sql';

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
  /** Messages the receivers quarantined or rejected (the sum of the next two). */
  disposed: number;
  quarantined: number;
  rejected: number;
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
  quarantined: number;
  rejected: number;
  reporters: string[];
  first_day: string;
  last_day: string;
  dkim_domains: TAuthDomainVolume[] | null;
  spf_domains: TAuthDomainVolume[] | null;
}

const SOURCES_QUERY = 'sources.v1';

/**
 * The sources of one domain over a window, busiest first (rollups joined to the enrichment
 * caches). Served from the domain's snapshot while its figures and the enrichment are unchanged.
 */
export async function listSources(scope: TDomainScope, domainId: number, window: TDayWindow): Promise<TSourceStats[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  return readThrough({ domainId, query: SOURCES_QUERY, window, args: {}, enrichment: true }, () => computeSources(domainId, window));
}

/** `listSources` for several domains at once (the overview's cards): one round trip when every snapshot is current. */
export async function listSourcesByDomain(scope: TDomainScope, domainIds: number[], window: TDayWindow): Promise<Map<number, TSourceStats[]>> {
  const allowed = domainIds.filter((id) => scope.domainIds.includes(id));
  return readThroughMany({ query: SOURCES_QUERY, window, args: {}, enrichment: true }, allowed, (domainId) => computeSources(domainId, window));
}

async function computeSources(domainId: number, window: TDayWindow): Promise<TSourceStats[]> {
  const rows = await hashJoinQuery<TRow>(Prisma.sql`
    WITH ${sourceKeyCtes(domainId, window)},
    rk AS MATERIALIZED (SELECT g.*, m.source_key FROM g JOIN ipmap m USING (source_ip)),
    who AS (
      SELECT m.source_key,
             (array_agg(m.service_id ORDER BY i.m DESC) FILTER (WHERE m.service_id IS NOT NULL))[1] AS service_id,
             (array_agg(m.service_type ORDER BY i.m DESC) FILTER (WHERE m.service_type IS NOT NULL))[1] AS service_type,
             (array_agg(m.matched_by ORDER BY i.m DESC) FILTER (WHERE m.matched_by IS NOT NULL))[1] AS matched_by,
             (array_agg(m.ptr_base_domain ORDER BY i.m DESC) FILTER (WHERE m.ptr_base_domain IS NOT NULL AND m.ptr_confirmed))[1] AS ptr_base_domain,
             (array_agg(m.asn ORDER BY i.m DESC) FILTER (WHERE m.asn IS NOT NULL))[1] AS asn,
             (array_agg(m.as_name ORDER BY i.m DESC) FILTER (WHERE m.as_name IS NOT NULL))[1] AS as_name,
             (array_agg(m.country ORDER BY i.m DESC) FILTER (WHERE m.country IS NOT NULL))[1] AS country,
             count(*)::int AS addresses,
             count(*) FILTER (WHERE m.ptr_status IN ('pending', 'unknown'))::int AS pending
        FROM ipmap m JOIN ips i USING (source_ip)
       GROUP BY m.source_key
    ),
    stats AS (
      SELECT source_key,
             sum(messages)::float8 AS messages,
             coalesce(sum(messages) FILTER (WHERE dkim_aligned OR spf_aligned), 0)::float8 AS dmarc_pass,
             coalesce(sum(messages) FILTER (WHERE dkim_aligned), 0)::float8 AS dkim_aligned,
             coalesce(sum(messages) FILTER (WHERE spf_aligned), 0)::float8 AS spf_aligned,
             coalesce(sum(messages) FILTER (WHERE NOT (dkim_aligned OR spf_aligned)
                        AND override_reason IN ('forwarded', 'mailing_list', 'trusted_forwarder')), 0)::float8 AS forwarded_fail,
             coalesce(sum(messages) FILTER (WHERE dkim_result = 'pass' AND NOT dkim_aligned), 0)::float8 AS dkim_pass_unaligned,
             coalesce(sum(messages) FILTER (WHERE spf_result = 'pass' AND NOT spf_aligned), 0)::float8 AS spf_pass_unaligned,
             coalesce(sum(messages) FILTER (WHERE disposition IN ('quarantine', 'reject')), 0)::float8 AS disposed,
             coalesce(sum(messages) FILTER (WHERE disposition = 'quarantine'), 0)::float8 AS quarantined,
             coalesce(sum(messages) FILTER (WHERE disposition = 'reject'), 0)::float8 AS rejected,
             array_agg(DISTINCT org_name ORDER BY org_name) AS reporters,
             to_char(min(first_day), 'YYYY-MM-DD') AS first_day, to_char(max(last_day), 'YYYY-MM-DD') AS last_day
        FROM rk GROUP BY source_key
    ),
    dk AS (
      SELECT source_key, dkim_domain AS d, sum(messages) AS n,
             coalesce(sum(messages) FILTER (WHERE dkim_result = 'pass'), 0) AS pass,
             coalesce(sum(messages) FILTER (WHERE dkim_aligned AND dkim_result = 'pass'), 0) AS aligned,
             row_number() OVER (PARTITION BY source_key ORDER BY sum(messages) DESC, dkim_domain) AS rn
        FROM rk WHERE dkim_domain <> ''
       GROUP BY source_key, dkim_domain
    ),
    sp AS (
      SELECT source_key, spf_domain AS d, sum(messages) AS n,
             coalesce(sum(messages) FILTER (WHERE spf_result = 'pass'), 0) AS pass,
             coalesce(sum(messages) FILTER (WHERE spf_aligned AND spf_result = 'pass'), 0) AS aligned,
             row_number() OVER (PARTITION BY source_key ORDER BY sum(messages) DESC, spf_domain) AS rn
        FROM rk WHERE spf_domain <> ''
       GROUP BY source_key, spf_domain
    ),
    dk_top AS (
      SELECT source_key, jsonb_agg(jsonb_build_object('domain', d, 'messages', n, 'pass', pass, 'aligned', aligned) ORDER BY rn) AS j
        FROM dk WHERE rn <= 5 GROUP BY source_key
    ),
    sp_top AS (
      SELECT source_key, jsonb_agg(jsonb_build_object('domain', d, 'messages', n, 'pass', pass, 'aligned', aligned) ORDER BY rn) AS j
        FROM sp WHERE rn <= 5 GROUP BY source_key
    )
    SELECT w.source_key, w.service_id, w.service_type, w.matched_by, w.ptr_base_domain, w.asn, w.as_name, w.country,
           w.addresses, w.pending, s.messages, s.dmarc_pass, s.dkim_aligned, s.spf_aligned, s.forwarded_fail,
           s.dkim_pass_unaligned, s.spf_pass_unaligned, s.disposed, s.quarantined, s.rejected, s.reporters, s.first_day, s.last_day,
           dk_top.j AS dkim_domains, sp_top.j AS spf_domains
      FROM who w JOIN stats s USING (source_key)
      LEFT JOIN dk_top USING (source_key)
      LEFT JOIN sp_top USING (source_key)
     ORDER BY s.messages DESC, w.source_key`);
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
    quarantined: r.quarantined,
    rejected: r.rejected,
    reporters: r.reporters,
    firstDay: r.first_day,
    lastDay: r.last_day,
    dkimDomains: (r.dkim_domains ?? []).map(toVolume),
    spfDomains: (r.spf_domains ?? []).map(toVolume),
  }));
}

function toVolume(v: TAuthDomainVolume): TAuthDomainVolume {
  return { domain: v.domain, messages: Number(v.messages), pass: Number(v.pass), aligned: Number(v.aligned) };
}
