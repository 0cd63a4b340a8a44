import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

export interface TPublishedPolicy {
  /** The DMARC record the DNS watch saw last; null when none is published or it never looked. */
  record: string | null;
  /** When the DNS watch last saw a change (or its baseline); null when it never looked. */
  observedAt: Date | null;
  /** The policy the newest report says receivers applied (policy_published p=), if any report. */
  reportedP: string | null;
}

/**
 * Per domain of the scope: its published DMARC record (INTERIM: from dns_record_event, which the
 * alerts job fills until the enforcement module's DNS watch replaces it) and the newest report's p=.
 */
export async function getPublishedPolicies(scope: TAccessScope, domainIds: number[]): Promise<Map<number, TPublishedPolicy>> {
  const ids = domainIds.filter((id) => scope.domainIds.includes(id));
  if (ids.length === 0) return new Map();
  const rows = await prisma().$queryRaw<{ domain_id: number; record: string | null; observed_at: Date | null; reported_p: string | null }[]>`
    SELECT d.id AS domain_id, ev.after AS record, ev.observed_at, rp.p AS reported_p
      FROM unnest(${ids}::int[]) AS d(id)
      LEFT JOIN LATERAL (
        SELECT after, observed_at FROM dns_record_event e WHERE e.domain_id = d.id AND e.record = 'dmarc' ORDER BY e.id DESC LIMIT 1
      ) ev ON true
      LEFT JOIN LATERAL (
        SELECT p FROM report r WHERE r.domain_id = d.id ORDER BY r.end_at DESC LIMIT 1
      ) rp ON true`;
  return new Map(rows.map((r) => [r.domain_id, { record: r.record, observedAt: r.observed_at, reportedP: r.reported_p }]));
}
