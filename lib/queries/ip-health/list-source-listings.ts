import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { listAddressSources } from '@/lib/queries/sources/list-address-sources';

/** A domain's sending addresses that a DNSBL lists, grouped by the sender map's sources. */
export interface TSourceListings {
  /** Source key → its listed addresses, each with the zones that list it. */
  bySource: Map<string, Array<{ ip: string; zones: string[] }>>;
  /** The newest FCrDNS/DNSBL check of any of the domain's addresses in the window. */
  lastCheckedAt: Date | null;
}

/**
 * For the sender map: which sources have listed addresses, and when the addresses were last
 * checked. The listed addresses are found first (usually none), so the source grouping only
 * runs when there is something to show.
 */
export async function listSourceListings(scope: TDomainScope, domainId: number, window: TDayWindow): Promise<TSourceListings> {
  const empty: TSourceListings = { bySource: new Map(), lastCheckedAt: null };
  if (!scope.domainIds.includes(domainId)) return empty;
  const [from, to] = [formatDay(window.start), formatDay(window.end)];
  const [listed, checked] = await Promise.all([
    prisma().$queryRaw<Array<{ ip: string; zones: string[] }>>`
      SELECT host(l.ip) AS ip, array_agg(l.zone ORDER BY l.zone) AS zones
        FROM ip_listing l
       WHERE l.status = 'listed'
         AND EXISTS (SELECT 1 FROM daily_rollup r WHERE r.source_ip = l.ip AND r.domain_id = ${domainId}
                        AND r.day >= ${from}::date AND r.day < ${to}::date)
         AND ${domainId} = ANY(${[...scope.domainIds]}::int[])
       GROUP BY l.ip
       LIMIT 1000`,
    prisma().$queryRaw<Array<{ at: Date | null }>>`
      SELECT max(f.checked_at) AS at
        FROM ip_fcrdns f
       WHERE EXISTS (SELECT 1 FROM daily_rollup r WHERE r.source_ip = f.ip AND r.domain_id = ${domainId}
                        AND r.day >= ${from}::date AND r.day < ${to}::date)
         AND ${domainId} = ANY(${[...scope.domainIds]}::int[])`,
  ]);
  const lastCheckedAt = checked[0]?.at ?? null;
  if (listed.length === 0) return { bySource: new Map(), lastCheckedAt };
  const zonesByIp = new Map(listed.map((l) => [l.ip, l.zones]));
  const bySource = new Map<string, Array<{ ip: string; zones: string[] }>>();
  for (const a of await listAddressSources(scope, domainId, window, { ips: [...zonesByIp.keys()] })) {
    const list = bySource.get(a.sourceKey) ?? [];
    list.push({ ip: a.ip, zones: zonesByIp.get(a.ip) ?? [] });
    bySource.set(a.sourceKey, list);
  }
  return { bySource, lastCheckedAt };
}
