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
 * DMARC/SPF record changes of the scope's domains after event `afterId` (oldest first), as the
 * enforcement module's DNS watch recorded them (dns_change_event); the dns_record_changed
 * alert reads these. The watch's first check of a domain is its baseline and records no change.
 */
export async function listDnsRecordChanges(scope: TDomainScope, afterId: bigint, limit = 200): Promise<TDnsRecordChange[]> {
  if (scope.domainIds.length === 0) return [];
  const rows = await prisma().dnsChangeEvent.findMany({
    where: { domainId: { in: scope.domainIds }, id: { gt: afterId } },
    orderBy: { id: 'asc' },
    take: limit,
    include: { domain: { select: { name: true } } },
  });
  return rows.map((r) => {
    const record = r.record === 'spf' ? 'spf' : 'dmarc';
    return {
      id: r.id,
      domainId: r.domainId,
      domain: r.domain.name,
      record,
      name: record === 'dmarc' ? `_dmarc.${r.domain.name}` : r.domain.name,
      before: r.oldValue,
      after: r.newValue,
      observedAt: r.detectedAt,
    };
  });
}

/** The newest event id (the cursor a new rule starts from: it alerts on changes after its creation). */
export async function latestDnsRecordEventId(): Promise<bigint> {
  const row = await prisma().dnsChangeEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return row?.id ?? 0n;
}
