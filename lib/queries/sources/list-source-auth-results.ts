import { Prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { groupBySource } from '@/lib/queries/snapshots/group-by-source';
import { perSourceSnapshotRead } from '@/lib/queries/snapshots/per-source-read';
import { hashJoinQuery } from './hash-join-query';
import { sourceKeyCtes } from './source-key-sql';

/** Messages of a source by the first DKIM signature's (or SPF check's) domain and result. */
export interface TSourceAuthResult {
  kind: 'dkim' | 'spf';
  /** DKIM d= / SPF MAIL FROM domain; '' when the record had none. */
  domain: string;
  /** pass, fail, neutral, temperror… as reported; '' when none. */
  result: string;
  /** It passed and aligned with the From domain (the record's policy_evaluated). */
  aligned: boolean;
  messages: number;
}

interface TRow {
  source_key: string;
  kind: 'dkim' | 'spf';
  domain: string;
  result: string;
  aligned: boolean;
  messages: number;
}

/**
 * How one source's mail authenticated: DKIM and SPF results by domain (daily_rollup keeps the
 * first result of each record), busiest first. The rollups keep no DKIM selector; selectors come
 * from the DNS checks of the domain's selectors (dkim_selector_check).
 */
export async function listSourceAuthResults(scope: TDomainScope, domainId: number, sourceKey: string, window: TDayWindow, failures = false): Promise<TSourceAuthResult[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  return snapshots.read(domainId, sourceKey, window, failures);
}

const snapshots = perSourceSnapshotRead<TSourceAuthResult>('source-auth-results.v1', computeSourceAuthResults);

/** The refresh job: this read for several sources from one statement, stored as each one's snapshot. */
export const fillSourceAuthResultSnapshots = snapshots.fill;

async function computeSourceAuthResults(domainId: number, window: TDayWindow, sourceKeys: string[], failures: boolean): Promise<Map<string, TSourceAuthResult[]>> {
  const rows = await hashJoinQuery<TRow>(Prisma.sql`
    WITH ${sourceKeyCtes(domainId, window)},
    mine AS (
      SELECT g.*, m.source_key FROM g JOIN ipmap m USING (source_ip)
       WHERE m.source_key = ANY(${sourceKeys}::text[])
         AND (NOT ${failures}::boolean OR NOT (g.dkim_aligned OR g.spf_aligned))
    )
    SELECT source_key, 'dkim' AS kind, dkim_domain AS domain, dkim_result AS result, dkim_aligned AS aligned, sum(messages)::float8 AS messages
      FROM mine GROUP BY source_key, dkim_domain, dkim_result, dkim_aligned
    UNION ALL
    SELECT source_key, 'spf', spf_domain, spf_result, spf_aligned, sum(messages)::float8
      FROM mine GROUP BY source_key, spf_domain, spf_result, spf_aligned
    ORDER BY source_key, kind, messages DESC, domain, result, aligned`);
  return groupBySource(rows, (r) => ({ kind: r.kind, domain: r.domain, result: r.result, aligned: r.aligned, messages: r.messages }));
}
