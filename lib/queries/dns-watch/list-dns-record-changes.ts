import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

export interface TDnsRecordChange {
  id: bigint;
  domainId: number;
  domain: string;
  record: 'dmarc' | 'spf';
  name: string;
  before: string | null;
  after: string | null;
  observedAt: Date;
}

/**
 * DMARC/SPF record changes of the scope's domains after event `afterId` (oldest first). The
 * dns_record_changed alert reads these. INTERIM source: dns_record_event (filled by the alerts
 * job's own watch); when the enforcement module's DNS watch lands, this query reads its change
 * table instead and nothing else changes. Baselines (first sightings) are not changes.
 */
export async function listDnsRecordChanges(scope: TDomainScope, afterId: bigint, limit = 200): Promise<TDnsRecordChange[]> {
  if (scope.domainIds.length === 0) return [];
  const rows = await prisma().dnsRecordEvent.findMany({
    where: { domainId: { in: scope.domainIds }, id: { gt: afterId }, baseline: false },
    orderBy: { id: 'asc' },
    take: limit,
  });
  const names = new Map((await prisma().domain.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.domainId))] } }, select: { id: true, name: true } })).map((d) => [d.id, d.name]));
  return rows
    .filter((r) => names.has(r.domainId))
    .map((r) => ({ id: r.id, domainId: r.domainId, domain: names.get(r.domainId)!, record: r.record === 'spf' ? 'spf' : 'dmarc', name: r.name, before: r.before, after: r.after, observedAt: r.observedAt }));
}

/** The newest event id (the cursor a new rule starts from: it alerts on changes after its creation). */
export async function latestDnsRecordEventId(): Promise<bigint> {
  const row = await prisma().dnsRecordEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return row?.id ?? 0n;
}
