import { Prisma } from '@/lib/platform/db';
import { hashJoinQuery } from './hash-join-query';
import { sourceKeyCtes } from './source-key-sql';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';

/** One sending address of a domain with the source it belongs to on the sender map. */
export interface TAddressSource {
  ip: string;
  sourceKey: string;
  ptr: string | null;
  ptrConfirmed: boolean;
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  /** Messages whose SPF / DKIM result passed (aligned or not). */
  spfPass: number;
  dkimPass: number;
  firstDay: string;
  lastDay: string;
}

interface TRow {
  ip: string;
  source_key: string;
  ptr: string | null;
  ptr_confirmed: boolean;
  messages: number;
  dmarc_pass: number;
  dkim_aligned: number;
  spf_aligned: number;
  spf_pass: number;
  dkim_pass: number;
  first_day: string;
  last_day: string;
}

/**
 * Which source each sending address of a domain belongs to over a window (the sender map's own
 * grouping), with its volume and results: all addresses, or only `ips` (the address a bounce
 * names). Busiest first within each source.
 */
export async function listAddressSources(scope: TDomainScope, domainId: number, window: TDayWindow, options: { ips?: readonly string[] } = {}): Promise<TAddressSource[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const ips = options.ips ? [...options.ips] : null;
  if (ips && ips.length === 0) return [];
  // As in list-sources.ts: CTEs have no statistics; keep the planner off nested loops.
  const rows = await hashJoinQuery<TRow>(Prisma.sql`
    WITH ${sourceKeyCtes(domainId, window)}
    SELECT host(m.source_ip) AS ip, m.source_key, m.ptr, m.ptr_confirmed,
           sum(g.messages)::float8 AS messages,
           coalesce(sum(g.messages) FILTER (WHERE g.dkim_aligned OR g.spf_aligned), 0)::float8 AS dmarc_pass,
           coalesce(sum(g.messages) FILTER (WHERE g.dkim_aligned), 0)::float8 AS dkim_aligned,
           coalesce(sum(g.messages) FILTER (WHERE g.spf_aligned), 0)::float8 AS spf_aligned,
           coalesce(sum(g.messages) FILTER (WHERE g.spf_result = 'pass'), 0)::float8 AS spf_pass,
           coalesce(sum(g.messages) FILTER (WHERE g.dkim_result = 'pass'), 0)::float8 AS dkim_pass,
           to_char(min(g.first_day), 'YYYY-MM-DD') AS first_day, to_char(max(g.last_day), 'YYYY-MM-DD') AS last_day
      FROM g JOIN ipmap m USING (source_ip)
     WHERE ${domainId} = ANY(${[...scope.domainIds]}::int[])
       AND (${ips}::inet[] IS NULL OR m.source_ip = ANY(${ips}::inet[]))
     GROUP BY m.source_ip, m.source_key, m.ptr, m.ptr_confirmed
     ORDER BY m.source_key, sum(g.messages) DESC, m.source_ip`);
  return rows.map((r) => ({
    ip: r.ip,
    sourceKey: r.source_key,
    ptr: r.ptr,
    ptrConfirmed: r.ptr_confirmed,
    messages: r.messages,
    dmarcPass: r.dmarc_pass,
    dkimAligned: r.dkim_aligned,
    spfAligned: r.spf_aligned,
    spfPass: r.spf_pass,
    dkimPass: r.dkim_pass,
    firstDay: r.first_day,
    lastDay: r.last_day,
  }));
}
