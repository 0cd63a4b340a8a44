import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

export interface TDomainPolicyRecord {
  /** The DMARC record the DNS watch saw last; null when none is published or it never looked. */
  record: string | null;
  /** When the DNS watch last checked the domain; null when it never looked. */
  observedAt: Date | null;
  /** The policy the newest report says was published (policy_published), as a record; null without reports. */
  reported: string | null;
  reportedP: string | null;
}

interface TRow {
  domain_id: number;
  record: string | null;
  observed_at: Date | null;
  p: string | null;
  sp: string | null;
  np: string | null;
  adkim: string | null;
  aspf: string | null;
  pct: string | null;
  testing: string | null;
}

const TAG = /^[a-z0-9.]{1,20}$/i;

/** The newest report's policy_published as the record receivers saw ("v=DMARC1; p=none; …"). */
function reportedRecord(r: TRow): string | null {
  if (!r.p || !TAG.test(r.p)) return null;
  const tags: [string, string | null][] = [['p', r.p], ['sp', r.sp], ['np', r.np], ['adkim', r.adkim], ['aspf', r.aspf], ['pct', r.pct], ['t', r.testing]];
  return ['v=DMARC1', ...tags.filter(([, v]) => v && TAG.test(v)).map(([k, v]) => `${k}=${v}`)].join('; ');
}

/**
 * Per domain of the scope: its published DMARC record as the DNS watch last saw it
 * (domain_dns_state) and the policy the newest report says receivers found published.
 */
export async function getPublishedPolicies(scope: TAccessScope, domainIds: number[]): Promise<Map<number, TDomainPolicyRecord>> {
  const ids = domainIds.filter((id) => scope.domainIds.includes(id));
  if (ids.length === 0) return new Map();
  const rows = await prisma().$queryRaw<TRow[]>`
    SELECT d.id AS domain_id, ev.dmarc_record AS record, ev.checked_at AS observed_at, rp.p, rp.sp, rp.np, rp.adkim, rp.aspf, rp.pct, rp.testing
      FROM unnest(${ids}::int[]) AS d(id)
      LEFT JOIN domain_dns_state ev ON ev.domain_id = d.id
      LEFT JOIN LATERAL (
        SELECT p, sp, np, adkim, aspf, pct, testing FROM report r WHERE r.domain_id = d.id ORDER BY r.end_at DESC LIMIT 1
      ) rp ON true`;
  return new Map(rows.map((r) => [r.domain_id, { record: r.record, observedAt: r.observed_at, reported: reportedRecord(r), reportedP: r.p }]));
}
