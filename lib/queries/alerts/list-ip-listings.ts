import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

export interface TIpListing {
  id: bigint;
  ip: string;
  zone: string;
  listedAt: Date;
  /** The scope's domain that sent the most mail from this address in the last 30 days. */
  domainId: number;
  domain: string;
}

/**
 * Blocklist listings (ip_blocklist_listing, written by the IP-health job) after `afterId` of
 * addresses that sent mail as one of the scope's domains in the 30 days before `now`.
 */
export async function listIpListings(scope: TDomainScope, domainIds: number[], afterId: bigint, now: Date): Promise<TIpListing[]> {
  const ids = domainIds.filter((id) => scope.domainIds.includes(id));
  if (ids.length === 0) return [];
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const rows = await prisma().$queryRaw<{ id: bigint; ip: string; zone: string; listed_at: Date; domain_id: number; domain: string }[]>`
    SELECT l.id, host(l.ip) AS ip, l.zone, l.listed_at, top.domain_id, d.name AS domain
      FROM ip_blocklist_listing l
      CROSS JOIN LATERAL (
        SELECT dr.domain_id FROM daily_rollup dr
         WHERE dr.source_ip = l.ip AND dr.domain_id = ANY(${ids}::int[]) AND dr.day >= ${since}::date
         GROUP BY dr.domain_id ORDER BY sum(dr.messages) DESC LIMIT 1
      ) top
      JOIN domain d ON d.id = top.domain_id
     WHERE l.id > ${afterId} AND l.delisted_at IS NULL
     ORDER BY l.id
     LIMIT 500`;
  return rows.map((r) => ({ id: r.id, ip: r.ip, zone: r.zone, listedAt: r.listed_at, domainId: r.domain_id, domain: r.domain }));
}

export async function latestIpListingId(): Promise<bigint> {
  return (await prisma().ipBlocklistListing.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0n;
}
