import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** An authorised source's address that became listed on a DNSBL, or was delisted. */
export interface TIpListingEvent {
  /** Increasing: a reader keeps the last id it handled and asks for the ones after it. */
  id: bigint;
  domainId: number;
  domain: string;
  sourceKey: string;
  ip: string;
  zone: string;
  kind: 'listed' | 'delisted';
  codes: string[];
  meanings: string[];
  txt: string | null;
  createdAt: Date;
}

/**
 * Listing changes of the scope's domains' authorised sources, oldest first: those after
 * `afterId` (an alert job's cursor) and/or since `since`, at most `limit`.
 */
export async function listIpListingEvents(
  scope: TDomainScope,
  options: { afterId?: bigint; since?: Date; kind?: 'listed' | 'delisted'; limit?: number } = {},
): Promise<TIpListingEvent[]> {
  if (scope.domainIds.length === 0) return [];
  const rows = await prisma().$queryRaw<Array<{ id: bigint; domain_id: number; domain: string; source_key: string; ip: string; zone: string; kind: string; codes: string[]; meanings: string[]; txt: string | null; created_at: Date }>>`
    SELECT e.id, e.domain_id, d.name AS domain, e.source_key, host(e.ip) AS ip, e.zone, e.kind, e.codes, e.meanings, e.txt, e.created_at
      FROM ip_listing_event e
      JOIN domain d ON d.id = e.domain_id
     WHERE e.domain_id = ANY(${[...scope.domainIds]}::int[])
       AND e.id > ${options.afterId ?? 0n}
       AND e.created_at >= ${options.since ?? new Date(0)}
       AND (${options.kind ?? null}::text IS NULL OR e.kind = ${options.kind ?? null})
     ORDER BY e.id
     LIMIT ${options.limit ?? 500}`;
  return rows.map((r) => ({
    id: r.id,
    domainId: r.domain_id,
    domain: r.domain,
    sourceKey: r.source_key,
    ip: r.ip,
    zone: r.zone,
    kind: r.kind === 'delisted' ? 'delisted' : 'listed',
    codes: r.codes,
    meanings: r.meanings,
    txt: r.txt,
    createdAt: r.created_at,
  }));
}

/** The newest event id: where a new alert rule starts (it alerts on listings after its creation). */
export async function latestIpListingEventId(): Promise<bigint> {
  return (await prisma().ipListingEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0n;
}
