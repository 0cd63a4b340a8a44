import { DnsClient, isDmarcRecord, isSpfRecord } from '@/lib/dns';
import { prisma } from '@/lib/platform/db';
import { createResolver, type TResolver } from '@/lib/platform/dns';
import { log } from '@/lib/platform/log';

// INTERIM DNS watch, until the enforcement module's DNS watch lands (it records changes and
// moves the wizard; the lead then removes this job and points listDnsRecordChanges at its
// table). It looks up each domain's DMARC and SPF records and appends a dns_record_event row
// when one differs from the last seen; the first sighting is stored as a baseline.

type TRecordKind = 'dmarc' | 'spf';

/** The record(s) as one comparable value: several records are a finding, kept all, sorted. */
async function published(client: DnsClient, kind: TRecordKind, domain: string): Promise<{ name: string; value: string | null } | 'unknown'> {
  const name = kind === 'dmarc' ? `_dmarc.${domain}` : domain;
  const answer = await client.txt(name);
  if (answer.status === 'failed') return 'unknown'; // a timeout is no evidence that a record went away
  const records = answer.status === 'ok' ? answer.data.filter(kind === 'dmarc' ? isDmarcRecord : isSpfRecord).map((r) => r.trim()) : [];
  return { name, value: records.length ? records.sort().join('\n') : null };
}

export async function watchDnsRecords(options: { resolver?: TResolver; domainIds?: number[] } = {}): Promise<{ checked: number; changes: number }> {
  const resolver = options.resolver ?? createResolver();
  const domains = await prisma().domain.findMany({ where: options.domainIds ? { id: { in: options.domainIds } } : {}, select: { id: true, name: true }, orderBy: { id: 'asc' } });
  let changes = 0;
  for (const domain of domains) {
    const client = new DnsClient(resolver, { maxQueries: 4 });
    for (const kind of ['dmarc', 'spf'] as const) {
      const now = await published(client, kind, domain.name);
      if (now === 'unknown') continue;
      const last = await prisma().dnsRecordEvent.findFirst({ where: { domainId: domain.id, record: kind }, orderBy: { id: 'desc' }, select: { after: true } });
      if (last && last.after === now.value) continue;
      await prisma().dnsRecordEvent.create({ data: { domainId: domain.id, record: kind, name: now.name, before: last?.after ?? null, after: now.value, baseline: !last } });
      if (last) changes += 1;
    }
  }
  if (changes) log.info({ changes }, 'DMARC/SPF record changes seen');
  return { checked: domains.length, changes };
}
