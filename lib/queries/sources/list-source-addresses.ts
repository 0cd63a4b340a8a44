import { Prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { groupBySource } from '@/lib/queries/snapshots/group-by-source';
import { fillSnapshots, readThrough } from '@/lib/queries/snapshots/read-through';
import { hashJoinQuery } from './hash-join-query';
import { sourceKeyCtes } from './source-key-sql';

/** One address of a source: the sender map's drill-down row. */
export interface TSourceAddress {
  ip: string;
  ptr: string | null;
  ptrConfirmed: boolean;
  /** pending | ok | nxdomain | nodata | timeout | error | skipped | unknown (not enriched yet). */
  ptrStatus: string;
  asn: number | null;
  asName: string | null;
  country: string | null;
  serviceId: string | null;
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  quarantined: number;
  rejected: number;
  reporters: number;
  firstDay: string;
  lastDay: string;
}

interface TRow {
  source_key: string;
  ip: string;
  ptr: string | null;
  ptr_confirmed: boolean;
  ptr_status: string;
  asn: number | null;
  as_name: string | null;
  country: string | null;
  service_id: string | null;
  messages: number;
  dmarc_pass: number;
  dkim_aligned: number;
  spf_aligned: number;
  quarantined: number;
  rejected: number;
  reporters: number;
  first_day: string;
  last_day: string;
}

/**
 * The snapshot keeps this many addresses and any smaller `limit` is its prefix (the order is
 * total: messages, then address), so the sender map's drill-down (500) and the source page
 * (5,000) share one snapshot.
 */
export const SOURCE_ADDRESS_SNAPSHOT_LIMIT = 5000;

/**
 * The addresses of one source of a domain, busiest first; with `failures`, only their mail that
 * failed DMARC (addresses without such mail drop out).
 */
export async function listSourceAddresses(scope: TDomainScope, domainId: number, sourceKey: string, window: TDayWindow, limit = 500, failures = false): Promise<TSourceAddress[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const kept = Math.max(limit, SOURCE_ADDRESS_SNAPSHOT_LIMIT);
  const rows = await readThrough({ domainId, query: QUERY, window, args: argsOf(sourceKey, kept, failures), enrichment: true }, async () => {
    return (await computeSourceAddresses(domainId, window, [sourceKey], kept, failures)).get(sourceKey) ?? [];
  });
  return rows.slice(0, Math.max(0, limit));
}

const QUERY = 'source-addresses.v1';
const argsOf = (sourceKey: string, limit: number, failures: boolean) => ({ sourceKey, limit, failures });

/** The refresh job: this read for several sources from one statement, stored as each one's snapshot. */
export function fillSourceAddressSnapshots(domainId: number, window: TDayWindow, sourceKeys: string[], failures = false): Promise<number> {
  return fillSnapshots({ domainId, query: QUERY, window, enrichment: true }, async () => {
    const bySource = await computeSourceAddresses(domainId, window, sourceKeys, SOURCE_ADDRESS_SNAPSHOT_LIMIT, failures);
    return sourceKeys.map((key) => ({ args: argsOf(key, SOURCE_ADDRESS_SNAPSHOT_LIMIT, failures), value: bySource.get(key) ?? [] }));
  });
}

async function computeSourceAddresses(domainId: number, window: TDayWindow, sourceKeys: string[], limit: number, failures: boolean): Promise<Map<string, TSourceAddress[]>> {
  const rows = await hashJoinQuery<TRow>(Prisma.sql`
    WITH ${sourceKeyCtes(domainId, window)},
    a AS (
    SELECT m.source_key, host(m.source_ip) AS ip, m.ptr, m.ptr_confirmed, m.ptr_status, m.asn, m.as_name, m.country, m.service_id,
           sum(g.messages)::float8 AS messages,
           coalesce(sum(g.messages) FILTER (WHERE g.dkim_aligned OR g.spf_aligned), 0)::float8 AS dmarc_pass,
           coalesce(sum(g.messages) FILTER (WHERE g.dkim_aligned), 0)::float8 AS dkim_aligned,
           coalesce(sum(g.messages) FILTER (WHERE g.spf_aligned), 0)::float8 AS spf_aligned,
           coalesce(sum(g.messages) FILTER (WHERE g.disposition = 'quarantine'), 0)::float8 AS quarantined,
           coalesce(sum(g.messages) FILTER (WHERE g.disposition = 'reject'), 0)::float8 AS rejected,
           count(DISTINCT g.org_name)::int AS reporters,
           to_char(min(g.first_day), 'YYYY-MM-DD') AS first_day, to_char(max(g.last_day), 'YYYY-MM-DD') AS last_day,
           row_number() OVER (PARTITION BY m.source_key ORDER BY sum(g.messages) DESC, m.source_ip) AS rank
      FROM g JOIN ipmap m USING (source_ip)
     WHERE m.source_key = ANY(${sourceKeys}::text[])
       AND (NOT ${failures}::boolean OR NOT (g.dkim_aligned OR g.spf_aligned))
     GROUP BY m.source_key, m.source_ip, m.ptr, m.ptr_confirmed, m.ptr_status, m.asn, m.as_name, m.country, m.service_id
    )
    SELECT * FROM a WHERE rank <= ${limit} ORDER BY source_key, rank`);
  return groupBySource(rows, (r) => ({
    ip: r.ip,
    ptr: r.ptr,
    ptrConfirmed: r.ptr_confirmed,
    ptrStatus: r.ptr_status,
    asn: r.asn,
    asName: r.as_name,
    country: r.country,
    serviceId: r.service_id,
    messages: r.messages,
    dmarcPass: r.dmarc_pass,
    dkimAligned: r.dkim_aligned,
    spfAligned: r.spf_aligned,
    quarantined: r.quarantined,
    rejected: r.rejected,
    reporters: r.reporters,
    firstDay: r.first_day,
    lastDay: r.last_day,
  }));
}
